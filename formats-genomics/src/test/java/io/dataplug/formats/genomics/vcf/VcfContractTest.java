package io.dataplug.formats.genomics.vcf;

import io.dataplug.testing.ObjectPlace;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The VCF format contract on the local store. */
class VcfContractTest extends VcfContractSuite {
  @TempDir Path dir;

  @Override
  protected ObjectPlace place() {
    return ObjectPlace.local(dir);
  }
}
