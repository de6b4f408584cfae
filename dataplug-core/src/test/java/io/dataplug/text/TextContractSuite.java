package io.dataplug.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.testing.AbstractFormatContractTest;
import io.dataplug.testing.ContractCase;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.PartitionContract;
import io.dataplug.testing.SharedTestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition contract for the text format, on one place (local disk or S3). Expected lines come
 * from the definition of a line applied by hand (split at {@code \n}, drop one {@code \r} before
 * it, a last line without newline counts), and line totals of the shared fixtures from
 * GROUND_TRUTH.md.
 */
abstract class TextContractSuite extends AbstractFormatContractTest {

  /** Lines of {@code data} by the definition, independently of the code under test. */
  static List<String> oracleLines(byte[] data) {
    String s = new String(data, UTF_8);
    List<String> lines = new ArrayList<>(List.of(s.split("\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines.stream().map(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l).toList();
  }

  private void checkAll(String name, byte[] data) throws IOException {
    CloudObject co = place().object(name, data).format("text").option("spacing", "1").build();
    PartitionContract.of(co, oracleLines(data)).checkAllSliceCounts(data);
  }

  @Test
  void emptyObject() throws IOException {
    checkAll("empty.txt", new byte[0]);
  }

  @Test
  void oneByteObjects() throws IOException {
    checkAll("one-a.txt", "a".getBytes(UTF_8));
    checkAll("one-newline.txt", "\n".getBytes(UTF_8));
  }

  @Test
  void noFinalNewline() throws IOException {
    checkAll("no-final.txt", "alpha\nbeta\ngamma".getBytes(UTF_8));
  }

  @Test
  void emptyLinesAndCrlf() throws IOException {
    checkAll("crlf.txt", "a\r\n\r\nb\r\n\n\nc\r\n".getBytes(UTF_8));
  }

  @Test
  void multiByteCharactersAcrossEveryByte() throws IOException {
    checkAll("utf8.txt", "αβγ\n日本語テキスト\n😀😀x\n\nñ".getBytes(UTF_8));
  }

  @Test
  void linesLongerThanAnyBuffer() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write("short\n".getBytes(UTF_8));
    byte[] longLine = new byte[3 << 20];
    java.util.Arrays.fill(longLine, (byte) 'x');
    out.write(longLine);
    out.write("\nend\n".getBytes(UTF_8));
    out.write(longLine);
    byte[] data = out.toByteArray();
    checkAll("long.txt", data);
  }

  @Test
  void randomLinesWithDefaultSpacing() throws IOException {
    Random random = new Random(1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      int len = random.nextInt(200);
      for (int j = 0; j < len; j++) {
        sb.append((char) ('a' + random.nextInt(26)));
      }
      sb.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
    }
    byte[] data = sb.toString().getBytes(UTF_8);
    CloudObject co = place().object("random.txt", data).format("text").build();
    PartitionContract.of(co, oracleLines(data))
        .check(data, List.of(1, 2, 3, 5, 8, 13, 100, 3001, 5000));
  }

  /** About 3 MB of random lines, seed 1. */
  static byte[] randomLines(int lines) {
    Random random = new Random(1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      int len = random.nextInt(120);
      for (int j = 0; j < len; j++) {
        sb.append((char) ('a' + random.nextInt(26)));
      }
      sb.append('\n');
    }
    return sb.toString().getBytes(UTF_8);
  }

  @Test
  void gzipPigzAndBgzfInput(@TempDir Path tmp) throws IOException {
    byte[] data = randomLines(50_000);
    Path plain = tmp.resolve("lines.txt");
    Files.write(plain, data);
    List<String> lines = oracleLines(data);
    // tool, Debian package, command, fewest checkpoints expected at 64 KiB spacing (checkpoints sit
    // on
    // byte-aligned deflate block boundaries: gzip -1 has one per ~600 KB here, pigz and BGZF many)
    for (String[] tool :
        new String[][] {
          {"gzip", "gzip", "gzip -1 -c", "3"},
          {"pigz", "pigz", "pigz -p 2 -c", "10"},
          {"bgzip", "tabix", "bgzip -c", "15"}
        }) {
      ExternalTools.require(tool[0], tool[1]);
      Path gz = tmp.resolve("lines." + tool[0] + ".gz");
      ExternalTools.sh(tool[2] + " " + ExternalTools.q(plain) + " > " + ExternalTools.q(gz));
      CloudObject co =
          place()
              .object("gz/" + gz.getFileName(), Files.readAllBytes(gz))
              .format("text")
              .option("spacing", "65536")
              .build();
      PartitionContract.of(co, lines)
          .allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH)
          .check(data, List.of(1, 2, 3, 7, 20, 60));
      assertThat(co.attributes().get("compression"))
          .startsWith(tool[0].equals("bgzip") ? "bgzf (" : "gzip");
      assertThat(Integer.parseInt(co.attributes().get("checkpoints")))
          .as(tool[0])
          .isGreaterThan(Integer.parseInt(tool[3]));
    }
  }

  @Override
  protected List<ContractCase> cases() throws IOException {
    // GROUND_TRUTH.md: 4952 records, naive awk NR/4 = 4952, so 19808 lines.
    byte[] reads =
        Files.readAllBytes(SharedTestData.file("fastq/htsjdk_5k-30BB2AAXX.3.aligned.sam.fastq"));
    List<String> readLines = oracleLines(reads);
    assertThat(readLines).hasSize(4 * 4952);
    // GROUND_TRUTH.md: no trailing newline; 9 sequences of 174-177 bases at width 100 (3 lines
    // each).
    byte[] fasta = Files.readAllBytes(SharedTestData.file("fasta/dataplug_fasta_sample.fasta"));
    assertThat(fasta[fasta.length - 1]).isNotEqualTo((byte) '\n');
    List<String> fastaLines = oracleLines(fasta);
    assertThat(fastaLines).hasSize(27);
    List<Integer> every = new ArrayList<>();
    for (int n = 1; n <= fastaLines.size() + 2; n++) {
      every.add(n);
    }
    return List.of(
        ContractCase.bySliceCounts(
            "shared FASTQ fixture as lines",
            place -> place.object("fixtures/reads.fastq.txt", reads).format("text").build(),
            readLines,
            reads,
            List.of(1, 2, 7, 64, 500),
            c -> c),
        ContractCase.bySliceCounts(
            "shared FASTA fixture without final newline as lines",
            place ->
                place
                    .object("fixtures/sample.fasta.txt", fasta)
                    .format("text")
                    .option("spacing", "1")
                    .build(),
            fastaLines,
            fasta,
            every,
            c -> c));
  }
}
