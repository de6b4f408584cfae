package io.dataplug.formats.geospatial.copc;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** The COPC format contract on a real S3-compatible server (in-process S3Proxy). */
class CopcContractIT extends CopcContractSuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("copc-contract");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
