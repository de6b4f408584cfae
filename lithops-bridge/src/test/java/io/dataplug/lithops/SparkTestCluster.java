package io.dataplug.lithops;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and a worker JVM started from Spark's
 * own jars, which are this test's class path without the project's classes (the build runs Spark
 * tests with Servlet 5). The worker starts the executor JVMs; they get the application's classes as
 * spark-submit ships them, or from {@code spark.executor.extraClassPath}.
 */
public final class SparkTestCluster implements AutoCloseable {
  private final Path dir;
  private final Path sparkHome;
  private final Map<String, String> env;
  private final List<Process> processes = new ArrayList<>();
  private String masterUrl = "";

  private SparkTestCluster(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.sparkHome = dir.resolve("spark-home");
    this.env = Map.copyOf(env);
  }

  /**
   * Starts a master and a worker with the given cores, and waits until both listen.
   *
   * @param dir where the SPARK_HOME, the logs and the worker's work folder go
   * @param env what the cluster's JVMs (and so the executors) have in their environment
   */
  public static SparkTestCluster start(Path dir, int cores, Map<String, String> env)
      throws Exception {
    SparkTestCluster cluster = new SparkTestCluster(dir, env);
    try {
      cluster.startMasterAndWorker(cores);
      return cluster;
    } catch (Exception | AssertionError e) {
      cluster.close();
      throw e;
    }
  }

  /** Spark's jars: this JVM's class path without the project's own classes and jars. */
  public static List<String> sparkClassPath() {
    return classPath().stream().filter(e -> !isProjectEntry(Path.of(e))).toList();
  }

  /** The project's classes on this JVM's class path (class folders, module jars). */
  public static List<String> projectClassPath() {
    return classPath().stream()
        .filter(e -> isProjectEntry(Path.of(e)))
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .toList();
  }

  private static List<String> classPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .toList();
  }

  /** A class folder, a module's jar in its target folder, or an installed io.dataplug jar. */
  private static boolean isProjectEntry(Path p) {
    if (Files.isDirectory(p)) {
      return true;
    }
    Path parent = p.toAbsolutePath().getParent();
    return (parent != null && parent.getFileName().toString().equals("target"))
        || p.toString().replace(File.separatorChar, '/').contains("/io/dataplug/");
  }

  /** The master's URL, {@code spark://127.0.0.1:port}. */
  public String masterUrl() {
    return masterUrl;
  }

  /** The worker's work folder: one folder per application, with each executor's stderr. */
  public Path workDir() {
    return dir.resolve("work");
  }

  /**
   * A JVM with Spark's class path and the cluster's environment, running {@code mainClass}; the
   * caller redirects its output and starts it.
   */
  public ProcessBuilder java(String mainClass, List<String> args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                String.join(File.pathSeparator, sparkClassPath()),
                mainClass));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    pb.environment().put("SPARK_HOME", sparkHome.toString());
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    // else Spark's command builder looks for a source build
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    return pb;
  }

  private void startMasterAndWorker(int cores) throws Exception {
    // a SPARK_HOME whose jars/ are Spark's jars: the worker starts executors with them
    Path jars = Files.createDirectories(sparkHome.resolve("jars"));
    for (String entry : sparkClassPath()) {
      Path p = Path.of(entry);
      if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
        Path link = jars.resolve(p.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, p.toAbsolutePath());
        }
      }
    }
    int masterPort = freePort();
    Process master =
        startLogged(
            "org.apache.spark.deploy.master.Master",
            List.of(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(masterPort),
                "--webui-port",
                Integer.toString(freePort())));
    awaitPort(masterPort, master);
    masterUrl = "spark://127.0.0.1:" + masterPort;
    int workerPort = freePort();
    Process worker =
        startLogged(
            "org.apache.spark.deploy.worker.Worker",
            List.of(
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(workerPort),
                "--webui-port",
                Integer.toString(freePort()),
                "--cores",
                Integer.toString(cores),
                "--memory",
                "1g",
                "--work-dir",
                workDir().toString(),
                masterUrl));
    awaitPort(workerPort, worker);
  }

  private Process startLogged(String mainClass, List<String> args) throws IOException {
    Process p =
        java(mainClass, args)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(mainClass + ".log").toFile())
            .start();
    processes.add(p);
    return p;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitPort(int port, Process process) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new AssertionError("a cluster JVM exited:\n" + logs());
        }
        Thread.sleep(200);
      }
    }
    throw new AssertionError("port " + port + " never opened:\n" + logs());
  }

  /** The cluster's logs and the executors' stderr (the last 4,000 characters of each). */
  public String logs() throws IOException {
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

  /** Stops the worker (which stops its executors) and the master. */
  @Override
  public void close() throws InterruptedException {
    for (int i = processes.size() - 1; i >= 0; i--) {
      Process p = processes.get(i);
      p.destroy();
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
      }
    }
  }
}
