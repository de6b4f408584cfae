package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.DataSlice;
import io.dataplug.format.RecordReader;
import io.dataplug.index.Manifest;
import io.dataplug.lithops.CallStats;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.ProgressBar;
import io.dataplug.lithops.ResponseFuture;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.s3.EmbeddedS3Server;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Run the main job on the embedded S3 server: upload, preprocess, partition, map.",
        "Starts an S3-compatible server in a temporary folder, uploads a generated CSV, preprocesses it (the index "
            + "lands alongside it in the bucket), partitions it, and maps a statistics function over the slices on "
            + "the local executor with a progress bar."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--size", paramLabel = "MB", description = "Size of the generated CSV in MB (default: 128).") int sizeMb = 128;
  @Option(names = {"-n", "--slices"}, paramLabel = "N", description = "Number of slices (default: 8).") int slices = 8;
  @Option(names = {"-w", "--workers"}, paramLabel = "W", description = "Parallel workers (default: 2).") int workers = 2;
  @Option(names = "--input", paramLabel = "FILE", description = "Use this CSV (with a temperature column) instead of generating one.") Path input;
  @Option(names = "--keep", description = "Keep the temporary folder with the server's data.") boolean keep;
  @Spec CommandSpec spec;

  /** What one slice found: rows and the sum, min and max of the temperature column. */
  record Stats(long rows, double sum, double min, double max) implements Serializable {
    Stats merge(Stats o) {
      return new Stats(rows + o.rows, sum + o.sum, Math.min(min, o.min), Math.max(max, o.max));
    }
  }

  /** The per-slice function: parse the slice's rows and summarize the temperature column. */
  static Stats summarize(DataSlice slice) throws IOException {
    long rows = 0;
    double sum = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    try (RecordReader<List> reader = slice.newRecordReader(List.class)) {
      while (reader.advance()) {
        double t = Double.parseDouble((String) reader.current().get(2));
        rows++;
        sum += t;
        min = Math.min(min, t);
        max = Math.max(max, t);
      }
    }
    return new Stats(rows, sum, min, max);
  }

  @Override
  public Integer call() throws Exception {
    if (slices < 1 || workers < 1 || sizeMb < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--size, --slices and --workers must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path tmp = Files.createTempDirectory("dataplug-demo");
    long t0 = System.nanoTime();
    try (EmbeddedS3Server server = EmbeddedS3Server.start(tmp.resolve("s3"), 0, false)) {
      EmbeddedS3Server.useServerCredentials();
      server.createBucket("demo");
      out.printf("Dataplug demo%n  server   %s (embedded S3-compatible, data in %s)%n", server.endpoint(), tmp);
      out.flush();

      Path csv = input;
      long generatedRows = -1;
      if (csv == null) {
        csv = tmp.resolve("measurements.csv");
        generatedRows = generate(csv, (long) sizeMb * 1_000_000);
      }
      ObjectLocation location = ObjectLocation.of("s3://demo/" + csv.getFileName());
      long t = System.nanoTime();
      ObjectStores.writable(location, server.storeConfig()).put(location, csv);
      out.printf("  object   %s (%s%s), uploaded in %.2f s%n", location, ProgressBar.bytes(Files.size(csv)),
          generatedRows < 0 ? "" : String.format(Locale.ROOT, ", %,d rows generated", generatedRows), secondsSince(t));
      out.flush();

      CloudObject co = CloudObject.builder(location).format("csv").storeConfig(server.storeConfig()).build();
      t = System.nanoTime();
      Manifest m = PreprocessCommand.preprocess(co, false);
      long indexBytes = m.blobs().values().stream().mapToLong(Manifest.Blob::size).sum();
      out.printf("  index    %s (%s, %s records) in %.2f s%n", co.indexStore().folder() + "/", ProgressBar.bytes(indexBytes),
          m.attributes().get("records"), secondsSince(t));

      t = System.nanoTime();
      List<DataSlice> parts = co.partition("slices", slices);
      int maxJson = parts.stream().mapToInt(s -> s.toJson().length()).max().orElse(0);
      out.printf("  slices   %d in %.1f ms (largest slice JSON %d bytes)%n", parts.size(), secondsSince(t) * 1000, maxJson);
      out.flush();

      t = System.nanoTime();
      List<ResponseFuture<Stats>> futures;
      List<Stats> results;
      try (FunctionExecutor executor = FunctionExecutor.localhost(workers)) {
        futures = executor.map(DemoCommand::summarize, parts);
        results = executor.getResult(futures);
      }
      double mapSeconds = secondsSince(t);
      out.printf("%n%7s %12s %16s %9s %9s%n", "slice", "rows", "bytes fetched", "requests", "seconds");
      Stats total = new Stats(0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
      long fetched = 0;
      for (int i = 0; i < parts.size(); i++) {
        CallStats s = futures.get(i).stats();
        Stats r = results.get(i);
        total = total.merge(r);
        fetched += s.bytesRead();
        out.printf(Locale.ROOT, "%7d %,12d %,16d %9d %9.2f%n", i, r.rows(), s.bytesRead(), s.requests(), s.seconds());
      }
      out.printf(Locale.ROOT, "%7s %,12d %,16d%n%n", "total", total.rows(), fetched);
      out.printf(Locale.ROOT, "  temperature: mean %.3f, min %.1f, max %.1f over %,d rows; map took %.2f s on %d workers%n",
          total.sum() / Math.max(1, total.rows()), total.min(), total.max(), total.rows(), mapSeconds, workers);
      if (generatedRows >= 0) {
        out.printf("  check: %s (rows read %,d, rows generated %,d)%n", total.rows() == generatedRows ? "OK" : "MISMATCH",
            total.rows(), generatedRows);
      }
      out.printf(Locale.ROOT, "  done in %.2f s%n", secondsSince(t0));
      out.flush();
      return generatedRows < 0 || total.rows() == generatedRows ? 0 : 1;
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

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Writes a CSV of weather-station readings of about {@code bytes} bytes: a header, then rows whose
   * note is sometimes quoted with a comma, a doubled quote or a newline inside. Returns the rows.
   */
  static long generate(Path file, long bytes) throws IOException {
    Random random = new Random(1);
    String[] notes = {"ok", "ok", "ok", "\"gusty, wet\"", "\"sensor \"\"B\"\" swapped\"", "\"maintenance\nvisit\"", ""};
    long rows = 0;
    long written = 0;
    StringBuilder sb = new StringBuilder(1 << 16);
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
      byte[] header = "station,timestamp,temperature,humidity,note\n".getBytes(StandardCharsets.US_ASCII);
      out.write(header);
      written += header.length;
      long time = 1_700_000_000L;
      while (written < bytes) {
        sb.setLength(0);
        for (int i = 0; i < 512; i++) {
          int temp = random.nextInt(700) - 200; // tenths of a degree, -20.0 to 49.9
          sb.append("ST").append(100 + random.nextInt(900)).append(',').append(time += 60).append(',')
              .append(temp < 0 ? "-" : "").append(Math.abs(temp) / 10).append('.').append(Math.abs(temp) % 10)
              .append(',').append(random.nextInt(101))
              .append(',').append(notes[random.nextInt(notes.length)]).append('\n');
          rows++;
        }
        byte[] chunk = sb.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(chunk);
        written += chunk.length;
      }
    }
    return rows;
  }
}
