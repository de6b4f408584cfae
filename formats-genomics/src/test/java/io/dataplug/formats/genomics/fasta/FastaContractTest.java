package io.dataplug.formats.genomics.fasta;

import io.dataplug.testing.ObjectPlace;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The FASTA format contract on the local store. */
class FastaContractTest extends FastaContractSuite {
  @TempDir Path dir;

  @Override
  protected ObjectPlace place() {
    return ObjectPlace.local(dir);
  }
}
