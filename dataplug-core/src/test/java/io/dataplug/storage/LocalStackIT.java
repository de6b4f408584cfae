package io.dataplug.storage;

import io.dataplug.storage.s3.EmbeddedS3Server;
import io.dataplug.storage.s3.S3ObjectStore;
import io.dataplug.testing.AbstractObjectStoreContractTest;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * The store contract against LocalStack's S3 in Docker (Testcontainers). Skipped where no Docker
 * engine runs. LocalStack accepts any credentials, so the JVM's chain (the embedded server's keys
 * when other tests ran first) serves.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackIT extends AbstractObjectStoreContractTest {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer("localstack/localstack:4.9").withServices("s3");

  private static S3ObjectStore store;

  @BeforeAll
  static void connect() throws IOException {
    EmbeddedS3Server.useServerCredentials();
    store =
        new S3ObjectStore(
            new StoreConfig(LOCALSTACK.getEndpoint().toString(), LOCALSTACK.getRegion(), true, 3));
    store.createBucket("localstack-contract");
  }

  @AfterAll
  static void close() {
    store.close();
  }

  @Override
  protected ObjectLocation stage(String name, byte[] bytes) throws IOException {
    ObjectLocation location = ObjectLocation.of("s3://localstack-contract/" + name);
    store.put(location, bytes);
    return location;
  }

  @Override
  protected ObjectLocation missing() {
    return ObjectLocation.of("s3://localstack-contract/missing");
  }

  @Override
  protected ObjectStore store() {
    return store;
  }
}
