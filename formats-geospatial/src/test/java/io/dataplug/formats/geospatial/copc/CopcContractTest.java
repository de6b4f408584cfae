package io.dataplug.formats.geospatial.copc;

import io.dataplug.testing.ObjectPlace;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The COPC format contract on the local store. */
class CopcContractTest extends CopcContractSuite {
  @TempDir Path dir;

  @Override
  protected ObjectPlace place() {
    return ObjectPlace.local(dir);
  }
}
