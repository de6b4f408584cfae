package io.dataplug.text;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** The CSV partition contract on a real S3-compatible server (in-process S3Proxy). */
class CsvContractIT extends CsvContractSuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("csv-contract");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
