package io.dataplug.codec.gzip;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.SharedTestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random access into gzip files written by real tools: for every checkpoint and for ranges across
 * the file, the bytes from {@link GzipRangeStream} equal the JDK's {@link GZIPInputStream} output.
 */
class GzipCodecTest {
  @TempDir static Path dir;
  private static Path fastq;

  @BeforeAll
  static void reads() throws IOException {
    fastq = ExternalTools.wgsimPairs(dir, 20_000, 100).get(0); // about 4.5 MB
  }

  /** Decompresses with the JDK, which reads multi-member files too. */
  static byte[] jdk(Path gz) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  record Built(GzipIndex index, byte[] windows, byte[] streamed) {}

  static Built index(byte[] gz, long spacing) throws IOException {
    ByteArrayOutputStream streamed = new ByteArrayOutputStream();
    GzipIndexer indexer =
        new GzipIndexer(
            new ByteArrayInputStream(gz),
            "test.gz",
            CheckpointSpacing.everyOutput(spacing),
            streamed::write);
    GzipIndex index = indexer.run();
    return new Built(index, indexer.windows(), streamed.toByteArray());
  }

  static byte[] read(byte[] gz, Built built, GzipCheckpoint cp, long skip, long length)
      throws IOException {
    byte[] deflated =
        Arrays.copyOfRange(
            built.windows(),
            (int) cp.windowOffset(),
            (int) (cp.windowOffset() + cp.windowLength()));
    byte[] window =
        cp.windowLength() == 0 ? new byte[0] : GzipRangeStream.inflateWindow(deflated, "windows");
    InputStream compressed = new ByteArrayInputStream(gz, (int) cp.compressedOffset(), gz.length);
    try (GzipRangeStream in =
        new GzipRangeStream(compressed, "test.gz", cp, window, skip, length)) {
      return in.readAllBytes();
    }
  }

  /** Checks every checkpoint and a few ranges crossing several of them. */
  static void checkRandomAccess(Path gz, long spacing) throws IOException {
    byte[] data = Files.readAllBytes(gz);
    byte[] expected = jdk(gz);
    Built built = index(data, spacing);
    assertThat(built.streamed()).as("the pass streams the whole output").isEqualTo(expected);
    assertThat(built.index().uncompressedSize()).isEqualTo(expected.length);
    assertThat(built.index().compressedSize()).isEqualTo(data.length);
    List<GzipCheckpoint> cps = built.index().checkpoints();
    assertThat(cps.get(0).uncompressedOffset()).isZero();
    for (int i = 0; i < cps.size(); i++) {
      GzipCheckpoint cp = cps.get(i);
      long end = i + 1 < cps.size() ? cps.get(i + 1).uncompressedOffset() : expected.length;
      long len =
          Math.min(end - cp.uncompressedOffset() + 1000, expected.length - cp.uncompressedOffset());
      assertSameBytes(
          read(data, built, cp, 0, len),
          expected,
          cp.uncompressedOffset(),
          gz.getFileName() + " checkpoint " + i + " of " + cps.size());
    }
    Random random = new Random(1);
    for (int k = 0; k < 20; k++) {
      long start = (long) (random.nextDouble() * expected.length);
      long len =
          Math.min(expected.length - start, random.nextInt(3 * (int) Math.min(spacing, 1 << 20)));
      GzipCheckpoint cp = built.index().checkpointFor(start);
      assertSameBytes(
          read(data, built, cp, start - cp.uncompressedOffset(), len),
          expected,
          start,
          gz.getFileName() + " range at " + start);
    }
    GzipIndex reparsed = GzipIndex.parse(built.index().toBytes(), "index");
    assertThat(reparsed.checkpoints()).isEqualTo(cps);
    assertThat(reparsed.toBytes()).isEqualTo(built.index().toBytes());
  }

  /**
   * Compares {@code got} with {@code expected[from, from + got.length)}, naming the first
   * difference.
   */
  static void assertSameBytes(byte[] got, byte[] expected, long from, String what) {
    assertThat(from + got.length)
        .as("%s: range inside the data", what)
        .isLessThanOrEqualTo(expected.length);
    int mismatch =
        Arrays.mismatch(got, Arrays.copyOfRange(expected, (int) from, (int) (from + got.length)));
    assertThat(mismatch).as("%s: first differing byte (of %d)", what, got.length).isEqualTo(-1);
  }

  @Test
  void gnuGzipSingleMember() throws IOException {
    ExternalTools.require("gzip", "gzip");
    Path gz = dir.resolve("gnu.fq.gz");
    sh("gzip -6 -c " + q(fastq) + " > " + q(gz));
    checkRandomAccess(gz, 64 << 10);
  }

  @Test
  void pigz() throws IOException {
    ExternalTools.require("pigz", "pigz");
    Path gz = dir.resolve("pigz.fq.gz");
    sh("pigz -p 2 -c " + q(fastq) + " > " + q(gz));
    checkRandomAccess(gz, 64 << 10);
  }

  @Test
  void bgzf() throws IOException {
    ExternalTools.require("bgzip", "tabix");
    Path gz = dir.resolve("reads.fq.bgz");
    sh("bgzip -c " + q(fastq) + " > " + q(gz));
    checkRandomAccess(gz, 200 << 10);
  }

  @Test
  void concatenatedMembersAndEmptyMembers() throws IOException {
    ExternalTools.require("gzip", "gzip");
    Path gz = dir.resolve("multi.gz");
    sh(
        "(head -c 1000000 "
            + q(fastq)
            + " | gzip -1; printf '' | gzip; tail -c +1000001 "
            + q(fastq)
            + " | gzip -9) > "
            + q(gz));
    checkRandomAccess(gz, 32 << 10);
  }

  @Test
  void storedBlocksOfIncompressibleData() throws IOException {
    ExternalTools.require("gzip", "gzip");
    Path raw = dir.resolve("random.bin");
    byte[] bytes = new byte[3 << 20];
    new Random(1).nextBytes(bytes);
    Files.write(raw, bytes);
    Path gz = dir.resolve("random.bin.gz");
    sh("gzip -c " + q(raw) + " > " + q(gz));
    checkRandomAccess(gz, 100 << 10);
  }

  @Test
  void sharedFixtures() throws IOException {
    checkRandomAccess(SharedTestData.file("fastq/cutadapt_illumina.fastq.gz"), 1000);
    checkRandomAccess(SharedTestData.file("fastq/cutadapt_small.fastq.gz"), 10);
    checkRandomAccess(
        SharedTestData.file("fasta/Homo_sapiens_assembly18.trimmed.fasta.gz"), 100_000);
    checkRandomAccess(SharedTestData.file("vcf/HiSeq.10000.vcf.bgz"), 100_000);
  }

  @Test
  void badInputIsAClearErrorWithTheOffset() throws IOException {
    ExternalTools.require("gzip", "gzip");
    Path gz = dir.resolve("bad.fq.gz");
    sh("gzip -c " + q(fastq) + " > " + q(gz));
    byte[] good = Files.readAllBytes(gz);

    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    assertThatThrownBy(() -> index(truncated, 1 << 20))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageMatching(
            "Malformed gzip data in test.gz at byte \\d+: unexpected end of data: the gzip stream is truncated");

    byte[] corrupt = good.clone();
    for (int i = good.length / 3; i < good.length / 3 + 64; i++) {
      corrupt[i] ^= (byte) 0x5a;
    }
    assertThatThrownBy(() -> index(corrupt, 1 << 20))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageMatching(
            "Malformed gzip data in test.gz at byte \\d+: (corrupt deflate data.*|CRC-32 mismatch.*|length mismatch.*)");

    byte[] notGzip = Files.readAllBytes(fastq);
    assertThatThrownBy(() -> index(notGzip, 1 << 20))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed gzip data in test.gz at byte 0: not gzip data (starts with 0x4063, not 0x1f8b)");

    assertThatThrownBy(() -> index(new byte[0], 1 << 20))
        .hasMessage(
            "Malformed gzip data in test.gz at byte 0: not gzip data (the object is empty)");

    byte[] garbage = Arrays.copyOf(good, good.length + 3);
    garbage[good.length] = 'x';
    assertThatThrownBy(() -> index(garbage, 1 << 20))
        .hasMessage(
            "Malformed gzip data in test.gz at byte "
                + good.length
                + ": trailing garbage after the last gzip member");

    byte[] zeroPadded = Arrays.copyOf(good, good.length + 512);
    assertThat(index(zeroPadded, 1 << 20).index().uncompressedSize()).isEqualTo(Files.size(fastq));
  }
}
