package io.dataplug.benchmarks;

import static java.util.Objects.requireNonNull;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.format.SliceSummary;
import io.dataplug.formats.geospatial.las.LasFormat;
import io.dataplug.formats.geospatial.las.LaszipTiles;
import io.dataplug.formats.geospatial.las.LazAssembler;
import io.dataplug.formats.geospatial.las.LazChunkCache;
import io.dataplug.index.Manifest;
import io.dataplug.job.TaskFunction;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.ResponseFuture;
import io.dataplug.lithops.functions.Summarize;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tiling a LAZ of several million points into 16 tiles (4×4 over its extent), alternating in one
 * run: laszip4j's sequential reader ({@code LASReader}) reading every point and counting the points
 * of each tile, against our {@code las} format's 16 tiles read on the localhost backend with 2
 * workers (index present; each slice's record reader decodes every attribute and counts its own
 * points). Both must agree on every tile's count. Then the LAZ index pass: one sequential pass
 * against groups of chunks scanned on 2 workers (the same index, checked).
 *
 * <p>The file: the 15 layered chunks of {@code copc/lone-star.copc.laz} of the shared test data
 * (518,862 points), 11 times, each chunk copy in a cell of its own on a 13×13 grid ({@link
 * LazAssembler}): 5,707,482 points. Tile edges fall inside cells, so the chunks there are read by
 * two (or four) tiles.
 */
final class LazBench {
  private static final int COPIES = 11;
  private static final int WORKERS = 2;

  private LazBench() {}

  /** A tile's summary, the CPU time its call took on its thread, and the thread. */
  record Timed(SliceSummary summary, double cpu, String thread) implements Serializable {}

  /** {@link Summarize}, timed on the worker thread. */
  static final class TimedSummarize implements TaskFunction<DataSlice, Timed> {
    private static final long serialVersionUID = 1L;

    @Override
    public Timed apply(DataSlice slice) throws Exception {
      long start = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      SliceSummary summary = new Summarize().apply(slice);
      double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start) / 1e9;
      return new Timed(summary, cpu, Thread.currentThread().getName());
    }
  }

  static Path assembled() throws Exception {
    Path file = BenchData.workDir().resolve("lone-star-x" + COPIES + ".laz");
    if (!Files.exists(file)) {
      Path source =
          Path.of(System.getProperty("dataplug.testdata", "../shared/testdata"))
              .resolve("copc/lone-star.copc.laz");
      if (!Files.isRegularFile(source)) {
        throw new IllegalStateException(
            "LAZ source not found: " + source.toAbsolutePath() + " (set -Ddataplug.testdata)");
      }
      LazAssembler.assemble(source, COPIES, file);
    }
    return file;
  }

  private static byte[] chunkIndex(CloudObject co, Manifest manifest) throws IOException {
    return co.indexStore().read(requireNonNull(manifest.blobs().get("chunks"), "chunks blob"));
  }

  /** CPU time of the whole process (all threads, GC included). */
  private static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime()
        / 1e9;
  }

  static void run(int runs) throws Exception {
    Path file = assembled();
    CloudObject co =
        CloudObject.builder(file.toString())
            .format("las")
            .storeConfig(StoreConfig.defaults())
            .build();
    Manifest sequentialIndex = co.preprocess(PreprocessOptions.force());
    byte[] chunkIndex = chunkIndex(co, sequentialIndex);
    List<DataSlice> slices = co.partition("tiles", 16);
    LasFormat.LasIndexSummary s = co.indexSummary(LasFormat.LasIndexSummary.class);
    LaszipTiles grid = new LaszipTiles(s.minX(), s.minY(), s.maxX(), s.maxY(), 4, 4);
    long decoded = 0;
    for (DataSlice slice : slices) {
      decoded +=
          slice.hint(LasFormat.LasTileHint.class).points().stream()
              .mapToLong(Long::longValue)
              .sum();
    }
    double[] ours = new double[runs];
    double[] baseline = new double[runs];
    double[] oursCpu = new double[runs];
    double[] baselineCpu = new double[runs];
    double[] onePass = new double[runs];
    double[] chunked = new double[runs];
    double[] decodedPoints = new double[runs];
    double[] cachedChunks = new double[runs];
    double[] evicted = new double[runs];
    double[] utilisation = new double[runs];
    double[] cpuRatio = new double[runs];
    double[] workerCpuBalance = new double[runs];
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("localhost")
            .workers(WORKERS)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      for (int i = 0; i < runs; i++) {
        LaszipTiles.Read[] truth = new LaszipTiles.Read[1];
        double cpu = cpuSeconds();
        baseline[i] = Harness.time(() -> truth[0] = grid.count(file));
        baselineCpu[i] = cpuSeconds() - cpu;
        if (truth[0].points() != s.records()
            || !Arrays.equals(truth[0].min(), new double[] {s.minX(), s.minY(), s.minZ()})
            || !Arrays.equals(truth[0].max(), new double[] {s.maxX(), s.maxY(), s.maxZ()})) {
          throw new IllegalStateException(
              "laszip4j read "
                  + truth[0].points()
                  + " points in "
                  + Arrays.toString(truth[0].min())
                  + "–"
                  + Arrays.toString(truth[0].max())
                  + ", the index has "
                  + s);
        }
        long[] counts = new long[slices.size()];
        long[] busy = new long[1];
        double[] balance = new double[1];
        LazChunkCache.Stats before = LazChunkCache.shared().stats();
        cpu = cpuSeconds();
        ours[i] =
            Harness.time(
                () -> {
                  List<ResponseFuture<Timed>> futures = executor.map(new TimedSummarize(), slices);
                  List<Timed> results = executor.getResult(futures);
                  Map<String, Double> perWorker = new TreeMap<>();
                  for (int t = 0; t < counts.length; t++) {
                    counts[t] =
                        requireNonNull(results.get(t).summary().counts().get("records"), "records");
                    perWorker.merge(results.get(t).thread(), results.get(t).cpu(), Double::sum);
                  }
                  double most = perWorker.values().stream().mapToDouble(d -> d).max().orElse(0);
                  double sum = perWorker.values().stream().mapToDouble(d -> d).sum();
                  balance[0] = sum / (WORKERS * most);
                  for (ResponseFuture<Timed> f : futures) {
                    busy[0] += f.stats().finished() - f.stats().started();
                  }
                  return null;
                });
        oursCpu[i] = cpuSeconds() - cpu;
        LazChunkCache.Stats after = LazChunkCache.shared().stats();
        decodedPoints[i] = after.decodedPoints() - before.decodedPoints();
        cachedChunks[i] = after.cached() - before.cached();
        evicted[i] = after.evicted() - before.evicted();
        utilisation[i] = busy[0] / 1000.0 / (WORKERS * ours[i]);
        cpuRatio[i] = oursCpu[i] / baselineCpu[i];
        workerCpuBalance[i] = balance[0];
        if (!Arrays.equals(counts, truth[0].perTile())) {
          throw new IllegalStateException(
              "per-tile counts differ: ours "
                  + Arrays.toString(counts)
                  + ", laszip4j "
                  + Arrays.toString(truth[0].perTile()));
        }
        Manifest[] m = new Manifest[2];
        onePass[i] = Harness.time(() -> m[0] = co.preprocess(PreprocessOptions.force()));
        byte[] sequential = chunkIndex(co, m[0]);
        chunked[i] =
            Harness.time(() -> m[1] = executor.preprocess(co, PreprocessOptions.force(), 8));
        if (!Arrays.equals(sequential, chunkIndex)
            || !Arrays.equals(chunkIndex(co, m[1]), chunkIndex)) {
          throw new IllegalStateException("the LAZ index differs: " + m[1].attributes());
        }
        if (!m[1].attributes().getOrDefault("index_pass", "").startsWith("parallel")) {
          throw new IllegalStateException("not indexed in parallel: " + m[1].attributes());
        }
      }
    }
    long points = s.records();
    double mb = Files.size(file) / 1e6;
    Harness.row(
        String.format(
            Locale.ROOT,
            "tile a LAZ (%,d points, %.0f MB) into 16 tiles, %d workers vs laszip4j LASReader"
                + " reading it sequentially and counting each tile's points",
            points,
            mb,
            WORKERS),
        Harness.median(ours),
        Harness.median(baseline),
        "≥ 1.7×");
    System.out.printf(
        Locale.ROOT,
        "| points/s per core (wall): ours %,.0f (%d workers), laszip4j %,.0f (1 thread); per"
            + " CPU-second of the process: ours %,.0f (%.2f s), laszip4j %,.0f (%.2f s) | | | | |%n",
        points / Harness.median(ours) / WORKERS,
        WORKERS,
        points / Harness.median(baseline),
        points / Harness.median(oursCpu),
        Harness.median(oursCpu),
        points / Harness.median(baselineCpu),
        Harness.median(baselineCpu));
    System.out.printf(
        Locale.ROOT,
        "| points our tiles decode / points in the file: the chunks they read %.3f, decoded"
            + " (chunk cache: -D"
            + LazChunkCache.PROPERTY
            + ") %.3f (median of the runs; max %.3f); chunks taken from the cache per run: %.0f,"
            + " dropped for room: %.0f | | | | |%n",
        (double) decoded / points,
        Harness.median(decodedPoints) / points,
        Arrays.stream(decodedPoints).max().orElse(0) / points,
        Harness.median(cachedChunks),
        Harness.median(evicted));
    System.out.printf(
        Locale.ROOT,
        "| ours: CPU time of the process / laszip4j's (median of the runs' ratios): %.2f"
            + " (%.2f–%.2f); workers busy (sum of call times /"
            + " (%d × wall)): %.0f%%; the workers' CPU (their tasks' thread CPU time) summed /"
            + " (%d × the busier worker's): %.0f%% | | | | |%n",
        Harness.median(cpuRatio),
        Arrays.stream(cpuRatio).min().orElse(0),
        Arrays.stream(cpuRatio).max().orElse(0),
        WORKERS,
        100 * Harness.median(utilisation),
        WORKERS,
        100 * Harness.median(workerCpuBalance));
    Harness.row(
        "LAZ index pass of the same file: 8 chunk groups on 2 workers vs one pass",
        Harness.median(chunked),
        Harness.median(onePass),
        "report");
  }
}
