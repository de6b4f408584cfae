package io.dataplug.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.storage.http.HttpObjectStore;
import io.dataplug.storage.s3.EmbeddedS3Server;
import io.dataplug.storage.s3.S3ObjectStore;
import io.dataplug.testing.AbstractObjectStoreContractTest;
import io.dataplug.testing.FaultProxy;
import io.dataplug.testing.FaultProxy.Fault;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract for the read-only HTTP store, against a real web server: an anonymous S3Proxy
 * on 127.0.0.1 serves each object at {@code http://host/bucket/key} with Range and ETag support.
 */
class HttpObjectStoreIT extends AbstractObjectStoreContractTest {
  private static EmbeddedS3Server server;
  private static S3ObjectStore writer;
  private static final HttpObjectStore STORE = new HttpObjectStore();

  @BeforeAll
  static void start() throws IOException {
    server = EmbeddedS3Server.start(null, 0, true);
    server.createBucket("web");
    writer = new S3ObjectStore(server.storeConfig());
  }

  @AfterAll
  static void stop() throws IOException {
    writer.close();
    server.close();
  }

  @Override
  protected ObjectLocation stage(String name, byte[] bytes) throws IOException {
    writer.put(ObjectLocation.of("s3://web/" + name), bytes);
    return ObjectLocation.of(server.endpoint() + "/web/" + name);
  }

  @Override
  protected ObjectLocation missing() {
    return ObjectLocation.of(server.endpoint() + "/web/missing.bin");
  }

  @Override
  protected ObjectStore store() {
    return STORE;
  }

  /** A body cut half-way then reset is resumed from where it stopped, pinned to the ETag. */
  @Test
  void resumesABodyCutMidWay() throws IOException {
    byte[] data = new byte[200_000];
    new java.util.Random(3).nextBytes(data);
    writer.put(ObjectLocation.of("s3://web/cut.bin"), data);
    java.util.concurrent.atomic.AtomicInteger gets =
        new java.util.concurrent.atomic.AtomicInteger();
    try (FaultProxy proxy =
        new FaultProxy(
            server.port(),
            (n, line) ->
                line.startsWith("GET ") && gets.incrementAndGet() <= 2
                    ? Fault.RESET_MID_BODY
                    : Fault.NONE)) {
      ObjectLocation cut = ObjectLocation.of(proxy.endpoint() + "/web/cut.bin");
      HttpObjectStore store = new HttpObjectStore(3);
      String etag = store.metadata(cut).etag();
      try (RangeReader reader = store.newReader(cut, etag)) {
        assertThat(reader.readFully(new ByteRange(1000, 150_000)))
            .isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 151_000));
      }
      assertThat(store.stats().resumes()).isEqualTo(2);
      assertThat(store.stats().requests()).isEqualTo(3);
    }
  }

  /**
   * 503s from the server are retried (and counted); a server that keeps failing gives a clear
   * error.
   */
  @Test
  void retriesServerErrorsThenGivesUp() throws IOException {
    byte[] data = new byte[100_000];
    new java.util.Random(2).nextBytes(data);
    writer.put(ObjectLocation.of("s3://web/flaky.bin"), data);
    try (FaultProxy proxy =
        new FaultProxy(server.port(), (n, line) -> n % 3 != 0 ? Fault.SLOW_DOWN_503 : Fault.NONE)) {
      ObjectLocation flaky = ObjectLocation.of(proxy.endpoint() + "/web/flaky.bin");
      HttpObjectStore store = new HttpObjectStore(3);
      assertThat(store.metadata(flaky).size()).isEqualTo(data.length);
      assertThat(store.readFully(flaky, new ByteRange(1000, 5000), null))
          .isEqualTo(java.util.Arrays.copyOfRange(data, 1000, 6000));
      // HEAD, then readFully's HEAD (to pin the unpinned read to the ETag) and GET: two 503s each
      assertThat(store.stats().retries()).isEqualTo(6);
      assertThat(proxy.injected(Fault.SLOW_DOWN_503)).isEqualTo(6);
    }
    try (FaultProxy proxy = new FaultProxy(server.port(), (n, line) -> Fault.SLOW_DOWN_503)) {
      ObjectLocation down = ObjectLocation.of(proxy.endpoint() + "/web/flaky.bin");
      assertThatThrownBy(() -> new HttpObjectStore(2).metadata(down))
          .isInstanceOf(IOException.class)
          .hasMessage("HTTP 503 from " + down);
    }
  }
}
