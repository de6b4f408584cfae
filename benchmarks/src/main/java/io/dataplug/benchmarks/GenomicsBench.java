package io.dataplug.benchmarks;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.Slices;
import io.dataplug.codec.gzip.CheckpointSpacing;
import io.dataplug.codec.gzip.GzipIndexer;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/** FASTQ.gz scenarios of the harness, on wgsim reads compressed by GNU gzip (third-party tools). */
final class GenomicsBench {
  private GenomicsBench() {}

  /**
   * wgsim reads (700,000 of 150 bp, about 241 MB) as FASTQ.gz, made once with wgsim and gzip -6.
   */
  static Path wgsimFastqGz(long pairs) throws IOException, InterruptedException {
    Path gz = BenchData.workDir().resolve("wgsim-" + pairs + ".fq.gz");
    if (Files.exists(gz)) {
      return gz;
    }
    Path ref =
        Path.of(
            System.getProperty("dataplug.testdata", "../shared/testdata"),
            "fasta",
            "Homo_sapiens_assembly18.trimmed.fasta");
    if (!Files.exists(ref)) {
      throw new IOException(
          "Reference for wgsim not found: " + ref.toAbsolutePath() + " (set -Ddataplug.testdata)");
    }
    // wgsim prints its mutation table on stdout, so the reads go to a file first
    String fq = gz + ".fq.part";
    String cmd =
        "wgsim -S 1 -N "
            + pairs
            + " -1 150 -2 150 '"
            + ref
            + "' '"
            + fq
            + "' /dev/null > /dev/null 2>&1 && gzip -6 -c '"
            + fq
            + "' > '"
            + gz
            + ".part' && rm '"
            + fq
            + "' && mv '"
            + gz
            + ".part' '"
            + gz
            + "'";
    Process p = new ProcessBuilder("bash", "-c", cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException(
          "Could not make benchmark data (needs wgsim from samtools, and gzip): " + cmd);
    }
    return gz;
  }

  /** The gzip index pass (codec alone, and the full FASTQ preprocess) vs GZIPInputStream. */
  static void indexPass(Path gz, int runs) throws Exception {
    long out = 0;
    double[] codec = new double[runs];
    double[] fastq = new double[runs];
    double[] baseline = new double[runs];
    for (int i = 0; i < runs; i++) {
      long[] n = {0};
      baseline[i] =
          Harness.time(
              () -> {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
                  byte[] buf = new byte[1 << 20];
                  int r;
                  while ((r = in.read(buf)) > 0) {
                    n[0] += r;
                  }
                }
                return null;
              });
      out = n[0];
      codec[i] =
          Harness.time(
              () -> {
                try (InputStream in = new BufferedInputStream(Files.newInputStream(gz), 1 << 20)) {
                  return new GzipIndexer(
                          in, gz, CheckpointSpacing.forObject(Files.size(gz)), (b, o, l) -> {})
                      .run();
                }
              });
      CloudObject co = object(gz);
      fastq[i] = Harness.time(() -> co.preprocess(PreprocessOptions.force()));
    }
    double mb = out / 1e6;
    Harness.row(
        String.format(
            Locale.ROOT,
            "gzip index pass (codec only), %.0f MB FASTQ.gz output (%.0f MB/s vs %.0f MB/s)",
            mb,
            mb / Harness.median(codec),
            mb / Harness.median(baseline)),
        Harness.median(codec),
        Harness.median(baseline),
        "≥ 0.8×");
    Harness.row(
        String.format(
            Locale.ROOT,
            "FASTQ.gz preprocess (index + read boundaries), same file (%.0f MB/s)",
            mb / Harness.median(fastq)),
        Harness.median(fastq),
        Harness.median(baseline),
        "≥ 0.8×");
  }

  /** Reads and bases over 8 slices on 2 workers vs one thread GZIPInputStream + a FASTQ parser. */
  static void count(Path gz, int runs) throws Exception {
    CloudObject co = object(gz);
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 8);
    long[] expected = sequential(gz);
    double[] ours = new double[runs];
    double[] baseline = new double[runs];
    long fetched = 0;
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("localhost")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      for (int i = 0; i < runs; i++) {
        baseline[i] = Harness.time(() -> check(sequential(gz), expected));
        ours[i] =
            Harness.time(
                () -> {
                  long reads = 0;
                  long bases = 0;
                  for (Map<String, Long> m :
                      executor.getResult(executor.map(Slices::summarize, slices))) {
                    reads += m.getOrDefault("records", 0L);
                    bases += m.getOrDefault("bases", 0L);
                  }
                  return check(new long[] {reads, bases}, expected);
                });
      }
      var futures = executor.map(Slices::summarize, slices);
      executor.getResult(futures);
      for (var f : futures) {
        fetched += f.stats().bytesRead();
      }
    }
    Harness.row(
        String.format(
            Locale.ROOT,
            "count reads+bases, FASTQ.gz (%,d reads), 8 slices on 2 workers vs 1 thread GZIPInputStream + FASTQ parser",
            expected[0]),
        Harness.median(ours),
        Harness.median(baseline),
        "≥ 1.7×");
    System.out.printf(
        Locale.ROOT,
        "| bytes fetched by the 8 slices (incl. windows) / object size | %.3f | | | span + window per slice |%n",
        (double) fetched / Files.size(gz));
  }

  /**
   * BGZF preprocessing (block headers; and with a .gzi) vs the full gzip-index pass on the same
   * BGZF file.
   */
  static void bgzf(Path gz, int runs) throws Exception {
    Path noGzi = bgzfWithoutGzi(gz);
    Path bgz = noGzi.resolveSibling("reads.fq.gz");
    double[] headers = new double[runs];
    double[] gzi = new double[runs];
    double[] full = new double[runs];
    for (int i = 0; i < runs; i++) {
      CloudObject a = object(noGzi);
      headers[i] = Harness.time(() -> a.preprocess(PreprocessOptions.force()));
      CloudObject b = object(bgz);
      gzi[i] = Harness.time(() -> b.preprocess(PreprocessOptions.force()));
      CloudObject c =
          CloudObject.builder(bgz.toString())
              .format("fastq")
              .option("bgzf", "full")
              .storeConfig(StoreConfig.defaults())
              .build();
      full[i] = Harness.time(() -> c.preprocess(PreprocessOptions.force()));
    }
    Harness.row(
        "BGZF FASTQ preprocess from block headers vs the full gzip-index pass, same BGZF file",
        Harness.median(headers),
        Harness.median(full),
        "≥ 10×");
    Harness.row(
        "BGZF FASTQ preprocess with an existing .gzi vs the full gzip-index pass",
        Harness.median(gzi),
        Harness.median(full),
        "≥ 10×");
  }

  /**
   * The reads of {@code gz} re-compressed by {@code bgzip -i} (with its .gzi), and a copy without
   * the .gzi.
   */
  static Path bgzfWithoutGzi(Path gz) throws IOException, InterruptedException {
    Path dir = BenchData.workDir().resolve("bgzf");
    Path bgz = dir.resolve("reads.fq.gz");
    if (!Files.exists(bgz.resolveSibling("reads.fq.gz.gzi"))) {
      Files.createDirectories(dir);
      String cmd =
          "gzip -dc '"
              + gz
              + "' > '"
              + dir.resolve("reads.fq")
              + "' && bgzip -f -i '"
              + dir.resolve("reads.fq")
              + "'";
      if (new ProcessBuilder("bash", "-c", cmd).inheritIO().start().waitFor() != 0) {
        throw new IOException("Could not make BGZF data (needs bgzip from tabix): " + cmd);
      }
    }
    Path noGzi = dir.resolve("nogzi.fq.gz");
    if (!Files.exists(noGzi)) {
      Files.copy(bgz, noGzi);
    }
    return noGzi;
  }

  private static CloudObject object(Path gz) {
    return CloudObject.builder(gz.toString())
        .format("fastq")
        .storeConfig(StoreConfig.defaults())
        .build();
  }

  private static @Nullable Object check(long[] got, long[] expected) {
    if (got[0] != expected[0] || got[1] != expected[1]) {
      throw new IllegalStateException(
          "got "
              + got[0]
              + " reads / "
              + got[1]
              + " bases, expected "
              + expected[0]
              + " / "
              + expected[1]);
    }
    return null;
  }

  /** The baseline: one thread, GZIPInputStream and a 4-line FASTQ parser. */
  static long[] sequential(Path gz) throws IOException {
    long reads = 0;
    long bases = 0;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz), 1 << 16), StandardCharsets.US_ASCII),
            1 << 20)) {
      String header;
      while ((header = r.readLine()) != null) {
        String seq = r.readLine();
        r.readLine();
        String qual = r.readLine();
        if (!header.startsWith("@") || qual == null || qual.length() != seq.length()) {
          throw new IOException("bad FASTQ record " + header);
        }
        reads++;
        bases += seq.length();
      }
    }
    return new long[] {reads, bases};
  }
}
