package io.dataplug.benchmarks;

import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.WritableObjectStore;
import io.dataplug.storage.s3.EmbeddedS3Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Whole-process commands, JVM start included: the {@code dataplug} launcher (with its class-data
 * sharing archives, and without them) against {@code gzip -dc} and {@code pigz -dc -p 2} on the
 * local file, and Python Dataplug with gztool when {@code DATAPLUG_PYTHON_VENV} names a virtualenv
 * that has them. The object is the wgsim FASTQ.gz in the embedded S3 server (in this JVM); 8 slices
 * on 2 workers. Every process runs under {@code /usr/bin/time}, so each row has its CPU time too.
 */
final class CliBench {
  private static final Pattern TIME = Pattern.compile("([0-9.]+) ([0-9.]+) ([0-9.]+)\\s*$");
  private static final Pattern WAITING = Pattern.compile("waiting\\s+mean ([0-9.]+) s");

  private final Path launcher;
  private final Path gz;
  private final Path logDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Map<String, List<double[]>> times = new LinkedHashMap<>();

  private CliBench(Path launcher, Path gz, Path logDir) {
    this.launcher = launcher;
    this.gz = gz;
    this.logDir = logDir;
  }

  /** One finished process: wall and CPU seconds, and what it wrote to standard output. */
  private record Run(double wall, double cpu, String out) {}

  static void run(Path gz, int runs) throws Exception {
    Path launcher = Path.of(System.getProperty("dataplug.launcher", "dataplug")).toAbsolutePath();
    if (!Files.isExecutable(launcher)) {
      throw new IOException(
          "The dataplug launcher is not at " + launcher + " (run from the repository root)");
    }
    if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
      throw new IOException("/usr/bin/time is needed (Debian package time)");
    }
    Path work = BenchData.workDir().resolve("cli");
    Files.createDirectories(work);
    long[] expected = GenomicsBench.sequential(gz);
    try (EmbeddedS3Server server = EmbeddedS3Server.start(work.resolve("s3"), 0, false)) {
      server.createBucket("bench");
      ObjectLocation object = ObjectLocation.of("s3://bench/reads.fq.gz");
      WritableObjectStore store = ObjectStores.writable(object, server.storeConfig());
      store.put(object, gz);
      CliBench bench = new CliBench(launcher, gz, work);
      bench.env.put("AWS_ENDPOINT_URL", server.endpoint());
      bench.env.put("AWS_REGION", "us-east-1");
      bench.env.put("AWS_ACCESS_KEY_ID", EmbeddedS3Server.ACCESS_KEY);
      bench.env.put("AWS_SECRET_ACCESS_KEY", EmbeddedS3Server.SECRET_KEY);
      bench.measure(store, object, expected, runs);
    }
  }

  private void measure(WritableObjectStore store, ObjectLocation object, long[] expected, int runs)
      throws Exception {
    String uri = object.toString();
    String[] count = {"count", uri, "-n", "8", "-w", "2"};
    String[] partition = {"partition", uri, "-n", "8"};
    String[] hello = {"hello", "--backend", "process", "-w", "2"};
    Map<String, String> noCds = Map.of("DATAPLUG_CDS", "off");
    Map<String, String> c1 = Map.of("DATAPLUG_JAVA_OPTS", "-XX:TieredStopAtLevel=1");
    // the launcher runs partition with C1 alone; this undoes that
    Map<String, String> c2 = Map.of("DATAPLUG_JAVA_OPTS", "-XX:TieredStopAtLevel=4");
    @Nullable String venv = System.getenv("DATAPLUG_PYTHON_VENV");
    Path python = venv == null ? null : Path.of(venv, "bin", "python");
    Path script = Path.of("benchmarks", "python", "dataplug_fastq_count.py").toAbsolutePath();
    if (python == null) {
      System.out.println("# Python Dataplug: skipped (set DATAPLUG_PYTHON_VENV to a virtualenv)");
    }
    // one round first, not timed: it makes the launcher's archives (one per command)
    for (int i = -1; i < runs; i++) {
      boolean timed = i >= 0;
      deleteIndex(store, object);
      checkCount(
          record(timed, "cold: preprocess + count (index deleted first)", Map.of(), count),
          expected);
      checkCount(record(timed, "count, index present", Map.of(), count), expected);
      checkCount(record(timed, "count, index present, no CDS archive", noCds, count), expected);
      checkCount(record(timed, "count, index present, C1 only", c1, count), expected);
      record(timed, "gzip -dc (local file)", null, "gzip", "-dc", gz.toString());
      record(timed, "pigz -dc -p 2 (local file)", null, "pigz", "-dc", "-p", "2", gz.toString());
      if (python != null) {
        record(
            timed,
            "Python Dataplug: count, index present",
            null,
            python.toString(),
            script.toString(),
            "count",
            uri);
        record(
            timed,
            "Python Dataplug: preprocess + count",
            null,
            python.toString(),
            script.toString(),
            "cold",
            uri);
      }
      record(timed, "partition on S3, index present", Map.of(), partition);
      record(timed, "partition on S3, no CDS archive", noCds, partition);
      record(timed, "partition on S3, both JIT compilers", c2, partition);
      record(timed, "--version", Map.of(), "--version");
      record(timed, "--version, no CDS archive", noCds, "--version");
      workerStart(timed, "hello, process backend, 2 workers", Map.of(), hello);
      workerStart(timed, "hello, process backend, 2 workers, no CDS archive", noCds, hello);
    }
    print();
  }

  /** Runs the launcher with extra environment {@code extra}, or a baseline when it is null. */
  private Run record(
      boolean timed, String name, @Nullable Map<String, String> extra, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    if (extra != null) {
      cmd.add(launcher.toString());
    }
    cmd.addAll(Arrays.asList(args));
    Run r = exec(cmd, extra == null ? Map.of() : extra, extra != null);
    if (timed) {
      times.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {r.wall(), r.cpu()});
    }
    return r;
  }

  private void workerStart(boolean timed, String name, Map<String, String> extra, String... args)
      throws Exception {
    Run r = record(timed, name, extra, args);
    Matcher m = WAITING.matcher(r.out());
    if (!m.find()) {
      throw new IllegalStateException("hello printed no waiting time: " + r.out());
    }
    if (timed) {
      double start = Double.parseDouble(m.group(1));
      times
          .computeIfAbsent(name + ": worker start (submit to task start)", k -> new ArrayList<>())
          .add(new double[] {start, Double.NaN});
    }
  }

  /** Runs {@code cmd}; its standard output is kept only if {@code keepOut} (else discarded). */
  private Run exec(List<String> cmd, Map<String, String> extra, boolean keepOut) throws Exception {
    Path timeFile = logDir.resolve("time.txt");
    Path out = logDir.resolve("stdout.txt");
    Path err = logDir.resolve("stderr.txt");
    List<String> full =
        new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S", "-o", timeFile.toString()));
    full.addAll(cmd);
    ProcessBuilder pb = new ProcessBuilder(full);
    pb.environment().putAll(env);
    pb.environment().putAll(extra);
    Files.deleteIfExists(out);
    pb.redirectOutput(
            keepOut ? ProcessBuilder.Redirect.to(out.toFile()) : ProcessBuilder.Redirect.DISCARD)
        .redirectError(err.toFile());
    int code = pb.start().waitFor();
    if (code != 0) {
      throw new IllegalStateException(
          "exit code " + code + " from " + String.join(" ", cmd) + ": " + Files.readString(err));
    }
    Matcher m = TIME.matcher(Files.readString(timeFile));
    if (!m.find()) {
      throw new IllegalStateException("no time from " + String.join(" ", cmd));
    }
    double wall = Double.parseDouble(m.group(1));
    double cpu = Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3));
    return new Run(wall, cpu, keepOut ? Files.readString(out) : "");
  }

  private static void checkCount(Run r, long[] expected) {
    String want = "\"records\":" + expected[0] + ",\"bases\":" + expected[1];
    if (!r.out().contains(want)) {
      throw new IllegalStateException("count printed " + r.out() + ", expected " + want);
    }
  }

  private static void deleteIndex(WritableObjectStore store, ObjectLocation object)
      throws IOException {
    ObjectLocation folder = object.withKeySuffix(".dataplug");
    for (String name : store.list(folder)) {
      store.delete(folder.child(name));
    }
  }

  private void print() {
    System.out.println("| whole process | wall (median) | CPU (median) | wall of each run |");
    System.out.println("|---|---:|---:|---|");
    for (var e : times.entrySet()) {
      double[] wall = e.getValue().stream().mapToDouble(t -> t[0]).toArray();
      double[] cpu = e.getValue().stream().mapToDouble(t -> t[1]).toArray();
      StringBuilder each = new StringBuilder();
      for (double w : wall) {
        each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", w));
      }
      double c = Harness.median(cpu);
      System.out.printf(
          Locale.ROOT,
          "| %s | %.3f s | %s | %s |%n",
          e.getKey(),
          Harness.median(wall),
          Double.isNaN(c) ? "" : String.format(Locale.ROOT, "%.2f s", c),
          each);
    }
    ratio("count, index present", "gzip -dc (local file)", "≥ 1.5×");
    ratio("count, index present", "pigz -dc -p 2 (local file)", "");
    ratio("count, index present", "count, index present, no CDS archive", "");
    ratio("count, index present", "Python Dataplug: count, index present", "≥ 1.5×");
    ratio(
        "cold: preprocess + count (index deleted first)",
        "Python Dataplug: preprocess + count",
        "≥ 1.8×");
    ratio("partition on S3, index present", "partition on S3, no CDS archive", "");
    ratio("partition on S3, index present", "partition on S3, both JIT compilers", "");
    ratio("count, index present, C1 only", "count, index present", "");
  }

  /** How many times faster {@code ours} is than {@code baseline} (median wall times). */
  private void ratio(String ours, String baseline, String target) {
    List<double[]> a = times.get(ours);
    List<double[]> b = times.get(baseline);
    if (a == null || b == null) {
      return;
    }
    double wa = Harness.median(a.stream().mapToDouble(t -> t[0]).toArray());
    double wb = Harness.median(b.stream().mapToDouble(t -> t[0]).toArray());
    System.out.printf(Locale.ROOT, "%s vs %s: %.2f× %s%n", ours, baseline, wb / wa, target);
  }
}
