package io.dataplug.formats.genomics.fasta;

import io.dataplug.testing.ObjectPlace;
import org.junit.jupiter.api.BeforeEach;

/** The FASTA format contract on a real S3-compatible server (in-process S3Proxy). */
class FastaContractIT extends FastaContractSuite {
  private ObjectPlace place;

  @BeforeEach
  void bucket() {
    place = ObjectPlace.s3("fasta-contract");
  }

  @Override
  protected ObjectPlace place() {
    return place;
  }
}
