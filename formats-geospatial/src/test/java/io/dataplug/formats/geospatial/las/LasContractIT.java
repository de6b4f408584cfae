package io.dataplug.formats.geospatial.las;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** The LAS/LAZ format contract on a real S3-compatible server (in-process S3Proxy). */
class LasContractIT extends LasContractSuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("las-contract");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
