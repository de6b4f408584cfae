package io.dataplug.benchmarks;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.Slices;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The side-by-side harness: runs ours and a baseline on the same data in the same JVM run,
 * alternating, and prints medians and their ratio as Markdown table rows.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar [all|line-count|partition|executor|fastq|preprocess|backends|laz-tiles|cli] [--size BYTES] [--runs N]
 * </pre>
 */
public final class Harness {
  private Harness() {}

  public static void main(String[] args) throws Exception {
    String scenario = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
    long size = 1_000_000_000L;
    int runs = 5;
    for (int i = 0; i < args.length - 1; i++) {
      if (args[i].equals("--size")) {
        size = Long.parseLong(args[i + 1]);
      } else if (args[i].equals("--runs")) {
        runs = Integer.parseInt(args[i + 1]);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "# %d cores, %s, Java %s%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.arch"),
        System.getProperty("java.version"));
    System.out.println("| benchmark | ours (median) | baseline (median) | ratio | target |");
    System.out.println("|---|---:|---:|---:|---|");
    if (scenario.equals("all") || scenario.equals("line-count")) {
      lineCount(size, runs);
    }
    if (scenario.equals("all") || scenario.equals("partition")) {
      partition(size);
    }
    if (scenario.equals("all") || scenario.equals("executor")) {
      ExecutorBench.run(runs);
    }
    if (scenario.equals("all") || scenario.equals("fastq")) {
      java.nio.file.Path gz = GenomicsBench.wgsimFastqGz(700_000);
      GenomicsBench.indexPass(gz, runs);
      GenomicsBench.count(gz, runs);
      GenomicsBench.bgzf(gz, runs);
    }
    if (scenario.equals("all") || scenario.equals("preprocess")) {
      PreprocessBench.run(GenomicsBench.bgzfWithoutGzi(GenomicsBench.wgsimFastqGz(700_000)), runs);
    }
    if (scenario.equals("all") || scenario.equals("backends")) {
      BackendsBench.run(GenomicsBench.wgsimFastqGz(700_000), runs);
    }
    if (scenario.equals("all") || scenario.equals("laz-tiles")) {
      LazBench.run(runs);
    }
    if (scenario.equals("cli")) {
      // whole processes through ./dataplug (not part of "all": it needs the launcher and the jar)
      CliBench.run(GenomicsBench.wgsimFastqGz(700_000), runs);
    }
  }

  /**
   * Counting the lines of a text object on the local store: 2 workers vs
   * BufferedReader.lines().count().
   */
  static void lineCount(long size, int runs) throws Exception {
    Path file = BenchData.textFile(size);
    CloudObject co =
        CloudObject.builder(file.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .build();
    double preprocess = time(() -> co.preprocess(PreprocessOptions.force()));
    List<DataSlice> slices = co.partition("slices", 8);
    long expected;
    try (BufferedReader reader = Files.newBufferedReader(file)) {
      expected = reader.lines().count();
    }
    double[] ours = new double[runs];
    double[] baseline = new double[runs];
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("localhost")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      for (int i = 0; i < runs; i++) {
        baseline[i] =
            time(
                () -> {
                  try (BufferedReader reader = Files.newBufferedReader(file)) {
                    check(reader.lines().count(), expected);
                  }
                  return null;
                });
        ours[i] =
            time(
                () -> {
                  long n =
                      executor.getResult(executor.map(Slices::countRecords, slices)).stream()
                          .mapToLong(Long::longValue)
                          .sum();
                  check(n, expected);
                  return null;
                });
      }
    }
    double mb = Files.size(file) / 1e6;
    row(
        String.format(
            Locale.ROOT,
            "count lines, %.0f MB text, local store, 8 slices on 2 workers vs 1 thread BufferedReader.lines().count()",
            mb),
        median(ours),
        median(baseline),
        "≥ 1.7×");
    System.out.printf(
        Locale.ROOT,
        "| preprocess (index pass) of the same %.0f MB | %.3f s (%.0f MB/s) | | | |%n",
        mb,
        preprocess,
        mb / preprocess);
  }

  /** Planning 10,000 slices from an existing index, the whole partition call; no baseline. */
  static void partition(long size) throws Exception {
    Path file = BenchData.textFile(size);
    CloudObject co =
        CloudObject.builder(file.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .build();
    co.preprocess();
    double[] times = new double[50];
    for (int i = 0; i < 20; i++) {
      co.partition("slices", 10_000);
    }
    int maxJson = 0;
    for (int i = 0; i < times.length; i++) {
      List<DataSlice>[] out = new List[1];
      times[i] = time(() -> out[0] = co.partition("slices", 10_000));
      if (i == 0) {
        for (DataSlice s : out[0]) {
          maxJson = Math.max(maxJson, Slices.toJson(s).length());
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| partition 10,000 slices from an existing index (%.0f MB object) | %.1f ms | | | < 50 ms |%n",
        Files.size(file) / 1e6,
        median(times) * 1000);
    System.out.printf(
        Locale.ROOT, "| largest slice JSON of those 10,000 | %d bytes | | | < 1 KB |%n", maxJson);
  }

  private static void check(long got, long expected) {
    if (got != expected) {
      throw new IllegalStateException("count " + got + " != expected " + expected);
    }
  }

  static void row(String name, double ours, double baseline, String target) {
    System.out.printf(
        Locale.ROOT,
        "| %s | %.3f s | %.3f s | %.2f× | %s |%n",
        name,
        ours,
        baseline,
        baseline / ours,
        target);
  }

  static double time(Callable<?> work) throws Exception {
    long start = System.nanoTime();
    work.call();
    return (System.nanoTime() - start) / 1e9;
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
