package io.dataplug.cli;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.lithops.SparkTestCluster;
import io.dataplug.storage.s3.EmbeddedS3Server;
import io.dataplug.testing.ExternalTools;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded command line jar under Spark's own spark-submit ({@code SparkSubmit} from Spark's
 * jars) against a standalone master and worker, as a Spark user runs it: the count of a FASTQ.gz in
 * the embedded S3 server (run from the same jar, in its own JVM) runs on the cluster's executors
 * with the master spark-submit names, and equals seqtk's.
 */
class SparkSubmitIT {
  private static final Map<String, String> CREDENTIALS =
      Map.of(
          "AWS_ACCESS_KEY_ID", EmbeddedS3Server.ACCESS_KEY,
          "AWS_SECRET_ACCESS_KEY", EmbeddedS3Server.SECRET_KEY,
          "AWS_REGION", "us-east-1");

  @TempDir Path dir;

  /** The shaded jar the build made (failsafe runs after package, in the module's folder). */
  static Path cliJar() throws IOException {
    try (DirectoryStream<Path> jars =
        Files.newDirectoryStream(Path.of("target"), "lithops-bridge-*-cli.jar")) {
      for (Path jar : jars) {
        return jar.toAbsolutePath();
      }
    }
    throw new IllegalStateException("no target/lithops-bridge-*-cli.jar: run mvn package first");
  }

  /** {@code java -jar} of the command line jar, with the embedded server's credentials. */
  private static ProcessBuilder dataplugJar(String... args) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                cliJar().toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(CREDENTIALS);
    return pb;
  }

  /** Waits for a process, failing with its output (and the cluster's logs) if it fails. */
  private static void await(Process p, Path out, Path err, String context) throws Exception {
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError("timed out:\n" + Files.readString(err) + context);
    }
    assertThat(p.exitValue())
        .as(() -> "exit code; stdout:\n" + read(out) + "\nstderr:\n" + read(err) + context)
        .isZero();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Test
  void countRunsOnTheClusterThatSparkSubmitNames() throws Exception {
    Path fq = ExternalTools.wgsimPairs(dir, 20_000, 150).get(0);
    ExternalTools.require("seqtk", "seqtk");
    String[] truth =
        sh("seqtk comp " + q(fq) + " | awk '{n++; b+=$2} END {print n, b}'").strip().split(" ");
    Path gz = dir.resolve("r1.fq.gz");
    sh("gzip -c " + q(fq) + " > " + q(gz));

    Process server =
        dataplugJar(
                "s3-server",
                "--dir",
                dir.resolve("s3").toString(),
                "--port",
                "0",
                "--bucket",
                "reads")
            .redirectErrorStream(true)
            .start();
    try (SparkTestCluster cluster = SparkTestCluster.start(dir.resolve("spark"), 2, CREDENTIALS)) {
      String endpoint = endpointOf(server);
      String uri = "s3://reads/r1.fq.gz";
      Path cpOut = dir.resolve("cp.out");
      Path cpErr = dir.resolve("cp.err");
      await(
          dataplugJar("cp", gz.toString(), uri, "--endpoint", endpoint)
              .redirectOutput(cpOut.toFile())
              .redirectError(cpErr.toFile())
              .start(),
          cpOut,
          cpErr,
          "");

      Path out = dir.resolve("submit.out");
      Path err = dir.resolve("submit.err");
      Process submit =
          cluster
              .java(
                  "org.apache.spark.deploy.SparkSubmit",
                  List.of(
                      "--master",
                      cluster.masterUrl(),
                      "--executor-memory",
                      "512m",
                      "--class",
                      "io.dataplug.cli.Main",
                      cliJar().toString(),
                      "count",
                      uri,
                      "--endpoint",
                      endpoint,
                      "--backend",
                      "spark",
                      "--slices",
                      "6"))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
      await(submit, out, err, "\n--- cluster logs ---\n" + cluster.logs());

      String[] lines = Files.readString(out).strip().split("\n");
      JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
      assertThat(json.get("backend").asText()).isEqualTo("spark");
      // 20,000 reads have four useful cut points (the index marks every 4,096th read)
      assertThat(json.get("slices").asInt()).isEqualTo(5);
      assertThat(json.get("records").asLong()).isEqualTo(Long.parseLong(truth[0]));
      assertThat(json.get("bases").asLong()).isEqualTo(Long.parseLong(truth[1]));
      // the job ran on the cluster: the worker started executors for the application
      try (var apps = Files.list(cluster.workDir())) {
        assertThat(apps.map(p -> p.getFileName().toString()).toList())
            .as("applications in the worker's folder")
            .satisfiesExactly(app -> assertThat(app).startsWith("app-"));
      }
    } finally {
      server.destroy();
      server.waitFor(20, TimeUnit.SECONDS);
      server.destroyForcibly().waitFor();
    }
  }

  /** The endpoint the server prints on its first line. */
  private static String endpointOf(Process server) throws Exception {
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    String first =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return lines.readLine();
                  } catch (IOException e) {
                    return null;
                  }
                })
            .get(2, TimeUnit.MINUTES);
    assertThat(first).startsWith("S3-compatible server on ");
    // keep reading so that the server never blocks on a full pipe
    Thread drain =
        new Thread(
            () -> {
              try {
                while (lines.readLine() != null) {
                  // discard
                }
              } catch (IOException e) {
                // the server stopped
              }
            });
    drain.setDaemon(true);
    drain.start();
    return first.substring("S3-compatible server on ".length(), first.indexOf(','));
  }
}
