package io.dataplug.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Simulated Illumina-like reads for the demo, written as one gzip member: reads from a random 2 Mbp
 * genome (41% GC) on both strands, 70% full length (150 bp) and the rest adapter-trimmed (50-149
 * bp), with substitution errors and qualities that fall along the read. Seeded, so reproducible.
 */
final class DemoData {
  private static final byte[] COMPLEMENT = new byte[128];

  static {
    COMPLEMENT['A'] = 'T';
    COMPLEMENT['C'] = 'G';
    COMPLEMENT['G'] = 'C';
    COMPLEMENT['T'] = 'A';
  }

  private DemoData() {}

  /** Writes {@code reads} reads to {@code file} as FASTQ.gz; returns the number of bases. */
  static long writeFastqGz(Path file, long reads) throws IOException {
    Random random = new Random(1);
    byte[] genome = new byte[2_000_000];
    for (int i = 0; i < genome.length; i++) {
      int r = random.nextInt(1000);
      genome[i] = (byte) (r < 295 ? 'A' : r < 500 ? 'C' : r < 705 ? 'G' : 'T');
    }
    double[] errorRate = new double[42];
    for (int q = 0; q < errorRate.length; q++) {
      errorRate[q] = Math.pow(10, -q / 10.0);
    }
    long bases = 0;
    byte[] seq = new byte[150];
    byte[] qual = new byte[150];
    try (OutputStream out =
        new BufferedOutputStream(
            new GZIPOutputStream(Files.newOutputStream(file), 1 << 16) {
              {
                def.setLevel(Deflater.BEST_SPEED);
              }
            },
            1 << 20)) {
      for (long n = 0; n < reads; n++) {
        int length = random.nextInt(10) < 7 ? 150 : 50 + random.nextInt(100);
        int start = random.nextInt(genome.length - length);
        boolean reverse = random.nextBoolean();
        for (int i = 0; i < length; i++) {
          byte b = reverse ? COMPLEMENT[genome[start + length - 1 - i]] : genome[start + i];
          int q =
              (int)
                  Math.max(
                      2, Math.min(41, Math.round(38 - 0.0006 * i * i) + random.nextInt(7) - 3));
          if (random.nextDouble() < errorRate[q]) {
            b = (byte) "ACGT".charAt(random.nextInt(4));
          }
          seq[i] = b;
          qual[i] = (byte) (33 + q);
        }
        String name =
            "@DP:1:FC01:1:"
                + (1101 + n / 400_000)
                + ":"
                + (n % 30_000)
                + ":"
                + (n / 30_000 % 30_000)
                + (reverse ? " 2:N:0:ACGTAC\n" : " 1:N:0:ACGTAC\n");
        out.write(name.getBytes(StandardCharsets.US_ASCII));
        out.write(seq, 0, length);
        out.write("\n+\n".getBytes(StandardCharsets.US_ASCII));
        out.write(qual, 0, length);
        out.write('\n');
        bases += length;
      }
    }
    return bases;
  }
}
