package io.dataplug.tiles;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** The contract kit on the test-only tiled format, on the in-process S3 server. */
class TilesContractIT extends TilesContractSuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("tiles-contract");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
