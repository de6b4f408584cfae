package io.dataplug.testing;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.StoreResolver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StoreResolver} that counts every range request and byte read through the stores it hands
 * out, on top of another resolver. The contract kit reads slices through one and compares its count
 * with everything the thread fetched: a format that reaches storage any other way (a global store
 * cache) is caught.
 */
public final class CountingStores implements StoreResolver {
  private final StoreResolver delegate;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  public CountingStores(StoreResolver delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  public long requests() {
    return requests.get();
  }

  public long bytes() {
    return bytes.get();
  }

  @Override
  public ObjectStore storeFor(ObjectLocation location) {
    ObjectStore store = delegate.storeFor(location);
    return new ObjectStore() {
      @Override
      public ObjectMetadata metadata(ObjectLocation l) throws IOException {
        return store.metadata(l);
      }

      @Override
      public InputStream newStream(ObjectLocation l, ByteRange range, @Nullable String etag)
          throws IOException {
        requests.incrementAndGet();
        return new FilterInputStream(store.newStream(l, range, etag)) {
          @Override
          public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
              bytes.incrementAndGet();
            }
            return b;
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
              bytes.addAndGet(n);
            }
            return n;
          }
        };
      }

      @Override
      public IoStats stats() {
        return store.stats();
      }
    };
  }
}
