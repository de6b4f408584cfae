package io.dataplug.benchmarks;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.index.Manifest;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.s3.EmbeddedS3Server;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Preprocessing as a map + reduce (8 chunks on the localhost backend, 2 workers) vs one sequential
 * pass, on objects in the embedded S3 server (S3Proxy on loopback): text, CSV with quoted newlines
 * and BGZF FASTQ. Both build the same index (the records count is checked).
 */
final class PreprocessBench {
  private PreprocessBench() {}

  static void run(Path bgzf, int runs) throws Exception {
    Path dir = BenchData.workDir();
    Path text = BenchData.textFile(268_435_456L);
    Path csv = csvFile(dir.resolve("notes-200000000.csv"), 200_000_000L);
    Path s3dir = Files.createTempDirectory("dataplug-bench-s3");
    try (EmbeddedS3Server server = EmbeddedS3Server.start(s3dir, 0, false)) {
      EmbeddedS3Server.useServerCredentials();
      server.createBucket("bench");
      for (Object[] c : new Object[][] {{text, "text"}, {csv, "csv"}, {bgzf, "fastq"}}) {
        Path file = (Path) c[0];
        ObjectLocation location = ObjectLocation.of("s3://bench/" + file.getFileName());
        ObjectStores.writable(location, server.storeConfig()).put(location, file);
        CloudObject co =
            CloudObject.builder(location)
                .format((String) c[1])
                .storeConfig(server.storeConfig())
                .build();
        double[] one = new double[runs];
        double[] chunked = new double[runs];
        Map<String, String> first = Map.of();
        for (int i = 0; i < runs; i++) {
          Manifest[] m = new Manifest[2];
          one[i] = Harness.time(() -> m[0] = co.preprocess(PreprocessOptions.force()));
          try (FunctionExecutor executor =
              FunctionExecutor.builder()
                  .workers(2)
                  .progress(FunctionExecutor.Progress.NEVER)
                  .build()) {
            chunked[i] =
                Harness.time(() -> m[1] = executor.preprocess(co, PreprocessOptions.force(), 8));
          }
          String key = m[0].attributes().containsKey("records") ? "records" : "uncompressed_size";
          if (!m[1].attributes().getOrDefault("index_pass", "").startsWith("parallel")
              || !java.util.Objects.equals(
                  m[0].attributes().get(key), m[1].attributes().get(key))) {
            throw new IllegalStateException(
                "chunked index differs: " + m[1].attributes() + " vs " + m[0].attributes());
          }
          first = m[0].attributes();
        }
        double mb = Files.size(file) / 1e6;
        Harness.row(
            String.format(
                Locale.ROOT,
                "preprocess %s in S3 (%.0f MB, %s), 8 chunks on 2 workers vs one pass",
                file.getFileName(),
                mb,
                first.getOrDefault("compression", "")),
            Harness.median(chunked),
            Harness.median(one),
            "report");
      }
    }
  }

  /**
   * A CSV of about {@code bytes} bytes whose quoted notes hold separators, quotes and newlines;
   * seed 3.
   */
  private static Path csvFile(Path file, long bytes) throws IOException {
    if (Files.exists(file) && Files.size(file) >= bytes) {
      return file;
    }
    Random random = new Random(3);
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write("id,note,value\n");
      for (long i = 0; written < bytes; i++) {
        StringBuilder row = new StringBuilder().append(i).append(",\"");
        int lines = 1 + random.nextInt(3);
        for (int l = 0; l < lines; l++) {
          row.append(l > 0 ? "\n" : "").append("a, \"\"b\"\" c".repeat(1 + random.nextInt(6)));
        }
        row.append("\",").append(random.nextInt(1000)).append('\n');
        out.write(row.toString());
        written += row.length();
      }
    }
    return file;
  }
}
