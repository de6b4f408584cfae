package io.dataplug.storage;

import io.dataplug.testing.AbstractObjectStoreContractTest;
import io.dataplug.testing.S3TestServer;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/** The store contract against a real S3-compatible server (in-process S3Proxy on 127.0.0.1). */
class S3ObjectStoreIT extends AbstractObjectStoreContractTest {
  private static String bucket;

  @BeforeAll
  static void bucket() {
    bucket = S3TestServer.newBucket("store-contract");
  }

  @Override
  protected ObjectLocation stage(String name, byte[] bytes) throws IOException {
    ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/" + name);
    S3TestServer.store().put(location, bytes);
    return location;
  }

  @Override
  protected ObjectLocation missing() {
    return ObjectLocation.of("s3://" + bucket + "/no/such/key");
  }

  @Override
  protected ObjectStore store() {
    return S3TestServer.store();
  }
}
