package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.index.Manifest;
import io.dataplug.job.SliceJobs;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.ProgressBar;
import io.dataplug.slice.Partition;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.s3.EmbeddedS3Server;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the main job on the embedded S3 server: FASTQ.gz read statistics.",
      "Starts an S3-compatible server in a temporary folder, uploads a FASTQ.gz (generated: simulated Illumina "
          + "reads; or --input), preprocesses it (the gzip checkpoints and read boundaries land alongside it in "
          + "the bucket), cuts it into slices, and maps a read-statistics function over them on the local executor "
          + "(reads, bases, GC, quality, length histogram), then reduces, prints a table and writes a PNG plot. "
          + "Checks the totals against one sequential pass with GZIPInputStream."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--reads",
      paramLabel = "N",
      description = "Reads to generate (default: 1,000,000, about 330 MB uncompressed).")
  long reads = 1_000_000;

  @Option(
      names = {"-n", "--slices"},
      paramLabel = "N",
      description = "Number of slices (default: 8).")
  int slices = 8;

  @Option(
      names = {"-w", "--workers"},
      paramLabel = "W",
      description = "Parallel workers (default: 2).")
  int workers = 2;

  @Option(
      names = "--input",
      paramLabel = "FILE",
      description = "Use this FASTQ or FASTQ.gz instead of generating one.")
  @Nullable Path input;

  @Option(
      names = "--plot",
      paramLabel = "PNG",
      description = "Where to write the plot (default: dataplug-demo.png).")
  Path plot = Path.of("dataplug-demo.png");

  @Option(names = "--keep", description = "Keep the temporary folder with the server's data.")
  boolean keep;

  @Option(
      names = {"-b", "--backend"},
      paramLabel = "B",
      description = "Executor backend: localhost (default), process or spark.")
  String backend = "localhost";

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (slices < 1 || workers < 1 || reads < 1) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--reads, --slices and --workers must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path tmp = Files.createTempDirectory("dataplug-demo");
    long t0 = System.nanoTime();
    try (EmbeddedS3Server server = EmbeddedS3Server.start(tmp.resolve("s3"), 0, false)) {
      EmbeddedS3Server.useServerCredentials();
      server.createBucket("demo");
      out.printf(
          "Dataplug demo: FASTQ.gz read statistics%n  server   %s (embedded S3-compatible, data in %s)%n",
          server.endpoint(), tmp);
      out.flush();

      Path fastq = input;
      long t = System.nanoTime();
      if (fastq == null) {
        fastq = tmp.resolve("reads.fastq.gz");
        DemoData.writeFastqGz(fastq, reads);
        out.printf(
            Locale.ROOT,
            "  input    %,d simulated reads -> %s (%s) in %.1f s%n",
            reads,
            fastq.getFileName(),
            ProgressBar.bytes(Files.size(fastq)),
            seconds(t));
      }
      ObjectLocation location = ObjectLocation.of("s3://demo/" + fastq.getFileName());
      t = System.nanoTime();
      ObjectStores.writable(location, server.storeConfig()).put(location, fastq);
      out.printf(
          Locale.ROOT,
          "  upload   %s (%s) in %.2f s%n",
          location,
          ProgressBar.bytes(Files.size(fastq)),
          seconds(t));
      out.flush();

      CloudObject co =
          CloudObject.builder(location).format("fastq").storeConfig(server.storeConfig()).build();
      t = System.nanoTime();
      Manifest m = PreprocessCommand.preprocess(co, io.dataplug.PreprocessOptions.ifNeeded());
      double preprocess = seconds(t);
      long indexBytes = m.blobs().values().stream().mapToLong(Manifest.Blob::size).sum();
      long uncompressed =
          Long.parseLong(
              m.attributes().getOrDefault("uncompressed_size", Long.toString(m.source().size())));
      out.printf(
          Locale.ROOT,
          "  index    %s (%s = %.3f%% of the data; %s checkpoints) in %.2f s (%.0f MB/s of output)%n",
          co.indexStore().folder() + "/",
          ProgressBar.bytes(indexBytes),
          100.0 * indexBytes / uncompressed,
          m.attributes().getOrDefault("checkpoints", "-"),
          preprocess,
          uncompressed / 1e6 / preprocess);

      t = System.nanoTime();
      Partition parts = co.partition("slices", slices);
      parts.shortfall().ifPresent(note -> System.err.println("dataplug: " + note));
      int maxJson = parts.stream().mapToInt(s -> Slices.toJson(s).length()).max().orElse(0);
      out.printf(
          Locale.ROOT,
          "  slices   %d in %.1f ms (largest slice JSON %d bytes)%n",
          parts.size(),
          seconds(t) * 1000,
          maxJson);
      out.flush();

      JobRun run;
      try (FunctionExecutor executor =
          FunctionExecutor.builder().backend(backend).workers(workers).build()) {
        run = JobRun.run(SliceJobs.get("fastq-stats"), parts, executor);
      }
      out.println();
      run.printTable(out);
      out.println();
      run.printSummary(out);
      out.printf(
          Locale.ROOT,
          "  map            %.2f s on %d %s workers (%.0f MB/s of reads)%n",
          run.seconds,
          workers,
          backend,
          uncompressed / 1e6 / run.seconds);
      Map<String, Object> total = run.job.summary(run.total);
      long readCount = ((Number) total.getOrDefault("reads", -1L)).longValue();
      long baseCount = ((Number) total.getOrDefault("bases", -1L)).longValue();
      run.plot(
          "Read statistics of "
              + location
              + " ("
              + String.format(Locale.ROOT, "%,d", readCount)
              + " reads)",
          plot);
      out.printf(
          "  plot           %s (read length histogram, mean quality by position)%n",
          plot.toAbsolutePath());

      t = System.nanoTime();
      long[] check = sequentialCount(fastq);
      double sequential = seconds(t);
      boolean ok = check[0] == readCount && check[1] == baseCount;
      out.printf(
          Locale.ROOT,
          "  check          %s (one sequential GZIPInputStream pass: %,d reads, %,d bases)%n",
          ok ? "OK" : "MISMATCH",
          check[0],
          check[1]);
      out.printf(
          Locale.ROOT,
          "  sequential     %.2f s for that pass over the local file: the map took %.2f s (%.1fx)%n",
          sequential,
          run.seconds,
          sequential / run.seconds);
      out.printf(Locale.ROOT, "  done in %.2f s%n", seconds(t0));
      out.flush();
      return ok ? 0 : 1;
    } finally {
      if (!keep) {
        try (Stream<Path> files = Files.walk(tmp)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      } else {
        out.printf("  kept %s%n", tmp);
        out.flush();
      }
    }
  }

  /** Reads and bases of a 4-line FASTQ(.gz) by a plain sequential pass, independent of dataplug. */
  private static long[] sequentialCount(Path fastq) throws IOException {
    InputStream raw = Files.newInputStream(fastq);
    byte[] magic = new byte[2];
    try (InputStream probe = Files.newInputStream(fastq)) {
      probe.readNBytes(magic, 0, 2);
    }
    InputStream in =
        (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b
            ? new GZIPInputStream(raw, 1 << 16)
            : raw;
    long reads = 0;
    long bases = 0;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII), 1 << 20)) {
      String line;
      long n = 0;
      while ((line = r.readLine()) != null) {
        if (n % 4 == 1) {
          reads++;
          bases += line.length();
        }
        n++;
      }
    }
    return new long[] {reads, bases};
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
