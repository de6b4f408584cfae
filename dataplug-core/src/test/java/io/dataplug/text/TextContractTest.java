package io.dataplug.text;

import io.dataplug.testing.ObjectPlace;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The text partition contract on the local store. */
class TextContractTest extends TextContractSuite {
  @TempDir Path dir;

  @Override
  protected ObjectPlace place() {
    return ObjectPlace.local(dir);
  }
}
