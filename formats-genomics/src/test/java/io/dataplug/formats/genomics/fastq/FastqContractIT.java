package io.dataplug.formats.genomics.fastq;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** The FASTQ partition contract on a real S3-compatible server (in-process S3Proxy). */
class FastqContractIT extends FastqContractSuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("fastq-contract");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
