package io.dataplug.lithops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.ExternalTools;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark backend on a real standalone cluster: a Spark master and a worker JVM started from
 * Spark's own jars on 127.0.0.1 (the worker starts the executor JVMs). The same FASTQ.gz counts as
 * on localhost.
 */
class SparkClusterIT {
  @TempDir Path dir;

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /**
   * The class path for Spark's own JVMs: this test's (the build runs Spark tests with Servlet 5).
   */
  static String sparkClassPath() {
    return System.getProperty("java.class.path");
  }

  private Process start(String name, List<String> args, Path sparkHome) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                sparkClassPath(),
                name));
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile());
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment()
        .put("SPARK_SCALA_VERSION", "2.13"); // else the launcher looks for a source build
    return pb.start();
  }

  private static void awaitPort(int port, Process process, Path log) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new AssertionError("process exited: " + Files.readString(log));
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("port " + port + " never opened: " + Files.readString(log));
  }

  /** The worker's log and the executors' stderr, for a failure message. */
  private String logs() throws IOException {
    StringBuilder sb = new StringBuilder();
    try (var files = Files.walk(dir)) {
      for (Path p :
          files
              .filter(
                  f ->
                      f.getFileName().toString().endsWith(".log")
                          || f.getFileName().toString().equals("stderr"))
              .toList()) {
        String text = Files.readString(p);
        sb.append("== ")
            .append(dir.relativize(p))
            .append('\n')
            .append(text.length() > 4000 ? text.substring(text.length() - 4000) : text)
            .append('\n');
      }
    }
    return sb.toString();
  }

  @Test
  void countsOnAStandaloneCluster() throws Exception {
    // a SPARK_HOME whose jars/ are the class path's jars; class directories go on the executors'
    // extra class path
    Path sparkHome = Files.createDirectories(dir.resolve("spark-home"));
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    List<String> extra = new ArrayList<>();
    for (String entry : sparkClassPath().split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      } else if (Files.isDirectory(p)) {
        extra.add(p.toAbsolutePath().toString());
      }
    }
    int masterPort = freePort();
    Process master =
        start(
            "org.apache.spark.deploy.master.Master",
            List.of(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(freePort())),
            sparkHome);
    Process worker = null;
    try {
      awaitPort(masterPort, master, dir.resolve("org.apache.spark.deploy.master.Master.log"));
      int workerPort = freePort();
      worker =
          start(
              "org.apache.spark.deploy.worker.Worker",
              List.of(
                  "--host",
                  "127.0.0.1",
                  "--port",
                  Integer.toString(workerPort),
                  "--webui-port",
                  Integer.toString(freePort()),
                  "--cores",
                  "2",
                  "--memory",
                  "1g",
                  "--work-dir",
                  dir.resolve("work").toString(),
                  "spark://127.0.0.1:" + masterPort),
              sparkHome);
      awaitPort(workerPort, worker, dir.resolve("org.apache.spark.deploy.worker.Worker.log"));

      Path fq = ExternalTools.wgsimPairs(dir, 5_000, 150).get(0);
      CloudObject co =
          CloudObject.builder(fq.toString()).storeConfig(StoreConfig.defaults()).build();
      co.preprocess();
      List<DataSlice> slices = co.partition("slices", 4);
      List<Map<String, Long>> local = SparkBackendTest.count("localhost", slices);

      System.setProperty("dataplug.spark.master", "spark://127.0.0.1:" + masterPort);
      System.setProperty("spark.executor.extraClassPath", String.join(File.pathSeparator, extra));
      System.setProperty("spark.executor.memory", "512m");
      try {
        assertThat(SparkBackendTest.count("spark", slices)).isEqualTo(local);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n--- cluster logs ---\n" + logs(), e);
      } finally {
        System.clearProperty("dataplug.spark.master");
        System.clearProperty("spark.executor.extraClassPath");
        System.clearProperty("spark.executor.memory");
      }
      assertThat(local.stream().mapToLong(m -> m.get("records")).sum()).isEqualTo(5_000);
    } finally {
      if (worker != null) {
        worker.destroyForcibly().waitFor();
      }
      master.destroyForcibly().waitFor();
    }
  }
}
