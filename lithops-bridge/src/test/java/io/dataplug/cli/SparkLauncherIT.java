package io.dataplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.testing.SharedTestData;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dataplug} launcher script with {@code --backend spark} on one machine: it fetches
 * Spark with Maven on first use and runs the command in {@code local[n]}. Counts come from
 * GROUND_TRUTH.md of the shared fixtures.
 */
class SparkLauncherIT {
  private static final Path LAUNCHER = Path.of("..", "dataplug").toAbsolutePath().normalize();
  private static final Path SPARK_CLASS_PATH = Path.of("target", "spark-classpath.txt");

  @TempDir Path dir;

  /** What one run of the launcher printed, and its exit code. */
  record Run(int code, String out, String err) {
    String lastLine() {
      String[] lines = out.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  private Run launch(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("DATAPLUG_BACKEND");
    pb.environment().put("DATAPLUG_CONFIG", dir.resolve("no-config.properties").toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("the launcher timed out: " + Files.readString(err));
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** A folder of links to every program on the PATH but Maven's. */
  private Path pathWithoutMaven() throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin-without-mvn"));
    for (String entry : System.getenv("PATH").split(File.pathSeparator)) {
      Path folder = Path.of(entry);
      if (!Files.isDirectory(folder)) {
        continue;
      }
      try (var programs = Files.list(folder)) {
        for (Path program : programs.toList()) {
          Path link = bin.resolve(program.getFileName().toString());
          if (!program.getFileName().toString().equals("mvn") && !Files.exists(link)) {
            Files.createSymbolicLink(link, program.toAbsolutePath());
          }
        }
      }
    }
    return bin;
  }

  @Test
  void fetchesSparkOnFirstUseAndCountsInLocalMode() throws Exception {
    Path gz = dir.resolve("illumina.fastq.gz");
    Files.copy(SharedTestData.file("fastq/cutadapt_illumina.fastq.gz"), gz);
    Files.deleteIfExists(SPARK_CLASS_PATH);

    Run noMaven =
        launch(
            Map.of("PATH", pathWithoutMaven().toString()),
            "count",
            gz.toString(),
            "--backend",
            "spark");
    assertThat(noMaven.code()).isEqualTo(1);
    assertThat(noMaven.err())
        .isEqualTo(
            "dataplug: --backend spark needs Apache Spark, which this script fetches with Maven,"
                + " but mvn is not on the PATH: install Maven (3.8 or newer), or run the jar with"
                + " spark-submit (see README.md)\n");

    Run count =
        launch(Map.of(), "count", gz.toString(), "--backend", "spark", "-w", "2", "--slices", "3");
    if (count.code() != 0
        && count.err().contains("could not fetch Apache Spark")
        && count.err().matches("(?s).*(Could not transfer|Unknown host|offline|unreachable).*")) {
      Assumptions.abort("Maven cannot download Spark here (offline?):\n" + count.err());
    }
    assertThat(count.code()).as(count.err()).isZero();
    assertThat(count.err()).contains("dataplug: fetching Apache Spark for --backend spark");
    assertThat(SPARK_CLASS_PATH).isNotEmptyFile();
    JsonNode json = new ObjectMapper().readTree(count.lastLine());
    assertThat(json.get("backend").asText()).isEqualTo("spark");
    assertThat(json.get("workers").asInt()).isEqualTo(2);
    // 100 reads hold one useful cut point at most (the index marks every 4,096th read)
    assertThat(json.get("slices").asInt()).isBetween(1, 3);
    assertThat(json.get("records").asLong()).isEqualTo(100);
    assertThat(json.get("bases").asLong()).isEqualTo(10_100);

    // the second time, Spark is already there; the backend can come from the environment
    Run hello = launch(Map.of("DATAPLUG_BACKEND", "spark"), "hello", "-w", "2");
    assertThat(hello.code()).as(hello.err()).isZero();
    assertThat(hello.err()).doesNotContain("fetching");
    assertThat(hello.out())
        .contains("Dataplug is working as expected", "backend spark, 2 workers", "succeeded=2");
  }

  @Test
  void theJarAloneSaysWhereSparkComesFrom() throws Exception {
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                SparkSubmitIT.cliJar().toString(),
                "hello",
                "--backend",
                "spark")
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(err.toFile())
            .start();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(Files.readString(err))
        .isEqualTo(
            "dataplug hello: error: The spark backend needs Apache Spark 4"
                + " (org.apache.spark:spark-core_2.13) on the class path: run the command with the"
                + " dataplug launcher script (it fetches Spark with Maven), or with spark-submit"
                + " --class io.dataplug.cli.Main lithops-bridge-*-cli.jar ...\n");
  }
}
