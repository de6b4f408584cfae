package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.index.Manifest;
import io.dataplug.lithops.ProgressBar;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "preprocess",
    mixinStandardHelpOptions = true,
    description = "Read an object once and store its index alongside it (URI.dataplug/).")
final class PreprocessCommand implements Callable<Integer> {
  @Parameters(paramLabel = "URI")
  String uri;

  @Mixin ObjectOptions object;

  @Option(names = "--force", description = "Rebuild the index even if a fresh one exists.")
  boolean force;

  @Option(
      names = "--chunks",
      paramLabel = "N",
      description =
          "Scan N chunks in parallel on the executor and combine them "
              + "(plain text, VCF and 4-line FASTQ; other objects get one pass). Default: one pass.")
  int chunks = 1;

  @Option(
      names = {"-b", "--backend"},
      paramLabel = "B",
      description = "Executor backend for --chunks (default: localhost).")
  String backend = "localhost";

  @Option(
      names = {"-w", "--workers"},
      paramLabel = "W",
      description = "Workers for --chunks (default: number of cores).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Spec CommandSpec spec;

  private PreprocessOptions how() {
    return force ? PreprocessOptions.force() : PreprocessOptions.ifNeeded();
  }

  @Override
  public Integer call() throws Exception {
    CloudObject co = object.open(uri);
    long start = System.nanoTime();
    Manifest m;
    if (chunks > 1) {
      try (io.dataplug.lithops.FunctionExecutor executor =
          io.dataplug.lithops.FunctionExecutor.builder()
              .backend(backend)
              .workers(workers)
              .build()) {
        m = executor.preprocess(co, how(), chunks);
      }
    } else {
      m = preprocess(co, how());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long indexBytes = m.blobs().values().stream().mapToLong(Manifest.Blob::size).sum();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "%s: %s index in %s (%s of index blobs, built %s)%n",
        co.location(),
        m.format(),
        co.indexStore().folder() + "/",
        ProgressBar.bytes(indexBytes),
        m.created());
    co.attributes()
        .forEach(
            (k, v) ->
                out.printf("  %s: %s%n", k, v.length() > 120 ? v.substring(0, 120) + "..." : v));
    out.printf("  %.2f s%n", seconds);
    out.flush();
    return 0;
  }

  /**
   * Preprocesses unless an index exists (a stale one is reported by partition), or rebuilds one an
   * older dataplug built in an older layout of the same format; true if it built one.
   */
  static boolean ensureIndex(CloudObject co) throws java.io.IOException {
    java.util.Optional<Manifest> existing = co.manifest();
    if (existing.isPresent()) {
      Manifest m = existing.get();
      io.dataplug.format.FormatPlugin f = co.format();
      if (!m.format().equals(f.id()) || m.formatVersion() >= f.info().indexVersion()) {
        return false;
      }
      long start = System.nanoTime();
      preprocess(co, PreprocessOptions.force());
      System.err.printf(
          java.util.Locale.ROOT,
          "dataplug: the index of %s was built by an older dataplug (%s index layout %d, now %d),"
              + " so it was rebuilt (%.1f s)%n",
          co.location(),
          f.id(),
          m.formatVersion(),
          f.info().indexVersion(),
          (System.nanoTime() - start) / 1e9);
      return true;
    }
    long start = System.nanoTime();
    preprocess(co, PreprocessOptions.ifNeeded());
    System.err.printf(
        java.util.Locale.ROOT,
        "dataplug: %s had no index, so it was preprocessed first (%.1f s; the index is kept for"
            + " next time)%n",
        co.location(),
        (System.nanoTime() - start) / 1e9);
    return true;
  }

  /** Preprocesses with a progress bar on a terminal. */
  static Manifest preprocess(CloudObject co, PreprocessOptions how) throws java.io.IOException {
    long size = co.metadata().size();
    ProgressBar bar =
        ProgressBar.terminalAttached() && size > (64 << 20)
            ? new ProgressBar(System.err, "MB")
            : null;
    long[] last = {0};
    LongConsumer progress =
        bytes -> {
          long now = System.nanoTime();
          if (bar != null && now - last[0] > 200_000_000L) {
            last[0] = now;
            bar.update(bytes / 1_000_000, size / 1_000_000, bytes);
          }
        };
    Manifest m = co.preprocess(how.withProgress(progress));
    if (bar != null && bar.drawn()) {
      bar.finish(size / 1_000_000, size / 1_000_000, size);
    }
    return m;
  }
}
