package io.dataplug.storage;

import io.dataplug.storage.http.HttpObjectStore;
import io.dataplug.storage.s3.EmbeddedS3Server;
import io.dataplug.storage.s3.S3ObjectStore;
import io.dataplug.testing.AbstractObjectStoreContractTest;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
}
