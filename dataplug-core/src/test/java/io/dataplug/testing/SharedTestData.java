package io.dataplug.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The third-party fixtures in {@code ../shared/testdata} (with ground truth in its
 * GROUND_TRUTH.md). Tests that need them are skipped, with a message saying so, when the folder is
 * absent, as it is in a user's checkout.
 */
public final class SharedTestData {
  private SharedTestData() {}

  /** The folder, from {@code -Ddataplug.testdata} or {@code ../shared/testdata}. */
  public static Path dir() {
    String configured = System.getProperty("dataplug.testdata");
    Path dir = configured != null ? Path.of(configured) : Path.of("..", "shared", "testdata");
    if (!Files.isDirectory(dir)) {
      // Maven runs module tests from the module folder: try one level further up.
      Path up = Path.of("..", "..", "shared", "testdata");
      if (configured == null && Files.isDirectory(up)) {
        return up;
      }
    }
    Assumptions.assumeTrue(
        Files.isDirectory(dir),
        "Skipped: the shared test data folder "
            + dir.toAbsolutePath().normalize()
            + " is absent (it ships beside the checkout as ../shared/testdata)");
    return dir;
  }

  /** A fixture, e.g. {@code fastq/fastp_R1.fq}; skips the test if the folder is absent. */
  public static Path file(String relative) {
    Path file = dir().resolve(relative);
    Assumptions.assumeTrue(Files.isRegularFile(file), "Skipped: fixture missing: " + file);
    return file;
  }
}
