package io.dataplug.formats.geospatial.las;

import io.dataplug.testing.ObjectPlace;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The LAS/LAZ format contract on the local store. */
class LasContractTest extends LasContractSuite {
  @TempDir Path dir;

  @Override
  protected ObjectPlace place() {
    return ObjectPlace.local(dir);
  }
}
