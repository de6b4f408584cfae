package io.dataplug.text;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** The text partition contract on a real S3-compatible server (in-process S3Proxy). */
class TextContractIT extends TextContractSuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("text-contract");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
