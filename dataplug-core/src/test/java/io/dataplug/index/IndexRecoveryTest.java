package io.dataplug.index;

import io.dataplug.testing.ObjectPlace;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link IndexRecoverySuite} on a local folder. */
class IndexRecoveryTest extends IndexRecoverySuite {
  @TempDir Path dir;

  @Override
  protected ObjectPlace place() {
    return ObjectPlace.local(dir);
  }
}
