package io.dataplug.formats.genomics.fastq;

import io.dataplug.testing.ObjectPlace;

/** The FASTQ partition contract on the local store. */
class FastqContractTest extends FastqContractSuite {
  @Override
  protected ObjectPlace place() {
    return ObjectPlace.local(tmp.resolve("store"));
  }
}
