package io.dataplug.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Third-party command-line tools (gzip, pigz, bgzip, wgsim, seqtk, samtools, bcftools, gdalinfo)
 * that make test data and ground truth. CI installs them ({@code .ci/run}); elsewhere a test that
 * needs a missing one is skipped with a message naming the Debian package.
 */
public final class ExternalTools {
  private ExternalTools() {}

  /** Skips the test unless {@code tool} is on the PATH. */
  public static void require(String tool, String debianPackage) {
    Assumptions.assumeTrue(
        onPath(tool),
        "Skipped: " + tool + " is not installed (apt-get install " + debianPackage + ")");
  }

  public static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Path.of(dir, tool).toFile().canExecute()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs a shell command line (bash -c) and returns its standard output; fails the test on a
   * non-zero exit.
   */
  public static String sh(String command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(List.of("bash", "-c", "set -o pipefail; " + command));
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IOException(
            "Command failed ("
                + (p.isAlive() ? "timeout" : "exit " + p.exitValue())
                + "): "
                + command);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted: " + command, e);
    }
    return new String(out, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Quotes a path for {@link #sh}. */
  public static String q(Path path) {
    return "'" + path.toString().replace("'", "'\\''") + "'";
  }

  /** Simulated Illumina reads from the shared reference with wgsim: {@code pairs} pairs, seed 1. */
  public static List<Path> wgsimPairs(Path dir, int pairs, int length) throws IOException {
    require("wgsim", "samtools");
    Path ref = SharedTestData.file("fasta/Homo_sapiens_assembly18.trimmed.fasta");
    Path r1 = dir.resolve("r1.fq");
    Path r2 = dir.resolve("r2.fq");
    sh(
        "wgsim -S 1 -N "
            + pairs
            + " -1 "
            + length
            + " -2 "
            + length
            + " "
            + q(ref)
            + " "
            + q(r1)
            + " "
            + q(r2)
            + " > /dev/null");
    return new ArrayList<>(List.of(r1, r2));
  }
}
