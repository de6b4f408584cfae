package io.dataplug.index;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** {@link IndexRecoverySuite} on the S3 test server (in-process S3Proxy). */
class IndexRecoveryIT extends IndexRecoverySuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("index-recovery");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
