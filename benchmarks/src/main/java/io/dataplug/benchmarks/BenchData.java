package io.dataplug.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Generated benchmark inputs, kept in {@code benchmarks/work/} (ignored by git) and reused. */
final class BenchData {
  private BenchData() {}

  static Path workDir() throws IOException {
    Path dir = Path.of(System.getProperty("dataplug.bench.dir", "benchmarks/work"));
    Files.createDirectories(dir);
    return dir;
  }

  /** A text file of about {@code bytes} bytes: lines of 0 to 120 printable characters, seed 1. */
  static Path textFile(long bytes) throws IOException {
    Path file = workDir().resolve("lines-" + bytes + ".txt");
    if (Files.exists(file) && Files.size(file) >= bytes) {
      return file;
    }
    Random random = new Random(1);
    byte[] line = new byte[122];
    long written = 0;
    Path tmp = file.resolveSibling(file.getFileName() + ".part");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
      while (written < bytes) {
        int len = random.nextInt(121);
        for (int i = 0; i < len; i++) {
          line[i] = (byte) (' ' + random.nextInt(95));
        }
        line[len] = '\n';
        out.write(line, 0, len + 1);
        written += len + 1;
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }
}
