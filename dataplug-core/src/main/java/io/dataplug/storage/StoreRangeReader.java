package io.dataplug.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A {@link RangeReader} over any store's range streams, pinned to one ETag. */
final class StoreRangeReader implements RangeReader {
  private final ObjectStore store;
  private final ObjectLocation location;
  private final @Nullable String etag;
  private volatile long size = -1;

  StoreRangeReader(ObjectStore store, ObjectLocation location, @Nullable String etag) {
    this.store = requireNonNull(store, "store is null");
    this.location = requireNonNull(location, "location is null");
    this.etag = etag;
  }

  @Override
  public ObjectLocation location() {
    return location;
  }

  @Override
  public long size() throws IOException {
    long s = size;
    if (s < 0) {
      ObjectMetadata meta = store.metadata(location);
      if (etag != null && meta.etag() != null && !Objects.equals(etag, meta.etag())) {
        throw new ObjectChangedException(
            "Object changed: " + location + " (ETag " + etag + " → " + meta.etag() + ")");
      }
      s = meta.size();
      size = s;
    }
    return s;
  }

  @Override
  public InputStream stream(ByteRange range) throws IOException {
    return store.newStream(location, range, etag);
  }

  @Override
  public String toString() {
    return "RangeReader(" + location + ")";
  }
}
