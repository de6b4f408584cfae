package io.dataplug.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.AbstractFormatContractTest;
import io.dataplug.testing.ContractCase;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.PartitionContract;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition contract for CSV, on one place. Data is written and the expected rows are parsed by
 * Apache Commons CSV, a third-party implementation.
 */
abstract class CsvContractSuite extends AbstractFormatContractTest {

  /** Rows of {@code text} as Commons CSV parses them (header row excluded when asked). */
  static List<List<String>> oracleRows(String text, char separator, boolean header)
      throws IOException {
    CSVFormat format =
        CSVFormat.RFC4180.builder().setDelimiter(separator).setIgnoreEmptyLines(false).get();
    List<List<String>> rows = new ArrayList<>();
    for (CSVRecord r : format.parse(new StringReader(text))) {
      rows.add(r.toList());
    }
    return header && !rows.isEmpty() ? rows.subList(1, rows.size()) : rows;
  }

  /** Random rows with separators, quotes, CR/LF newlines and multi-byte text inside fields. */
  static String randomCsv(long seed, int rows, char separator, String recordSeparator)
      throws IOException {
    Random random = new Random(seed);
    String[] pieces = {
      "plain",
      "with" + separator + "sep",
      "with \"quote\"",
      "multi\nline",
      "crlf\r\ninside",
      "",
      "ünïcødé",
      "😀",
      " spaced ",
      "x".repeat(300)
    };
    StringWriter out = new StringWriter();
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setDelimiter(separator)
            .setRecordSeparator(recordSeparator)
            .get();
    try (CSVPrinter printer = new CSVPrinter(out, format)) {
      printer.printRecord("id", "name", "note");
      for (int i = 0; i < rows; i++) {
        printer.printRecord(
            i,
            pieces[random.nextInt(pieces.length)],
            pieces[random.nextInt(pieces.length)] + pieces[random.nextInt(pieces.length)]);
      }
    }
    return out.toString();
  }

  private CloudObject csv(String name, String text, String... options) throws IOException {
    CloudObject.Builder b =
        place().object(name, text.getBytes(UTF_8)).format("csv").option("spacing", "1");
    for (int i = 0; i < options.length; i += 2) {
      b.option(options[i], options[i + 1]);
    }
    return b.build();
  }

  @Test
  void quotedNewlinesSeparatorsAndQuotes() throws IOException {
    String text = randomCsv(1, 40, ',', "\n");
    assertThat(text).contains("\"multi\nline\"");
    CloudObject co = csv("quoted.csv", text);
    PartitionContract.of(co, oracleRows(text, ',', true)).checkAllSliceCounts(text.getBytes(UTF_8));
  }

  @Test
  void crlfRecordsAndOtherSeparator() throws IOException {
    String text = randomCsv(2, 30, ';', "\r\n");
    CloudObject co = csv("semicolon.csv", text, "separator", ";");
    PartitionContract.of(co, oracleRows(text, ';', true)).checkAllSliceCounts(text.getBytes(UTF_8));
  }

  @Test
  void noFinalNewlineAndNoHeader() throws IOException {
    String text = "1,\"a\nb\",c\n2,,\"\"\"q\"\"\"\n3,x,\"last\"";
    CloudObject co = csv("nofinal.csv", text, "header", "false");
    PartitionContract.of(co, oracleRows(text, ',', false))
        .checkAllSliceCounts(text.getBytes(UTF_8));
  }

  @Test
  void emptyAndHeaderOnlyObjects() throws IOException {
    CloudObject empty = csv("empty.csv", "");
    PartitionContract.of(empty, List.of()).checkAllSliceCounts(new byte[0]);
    CloudObject headerOnly = csv("header-only.csv", "a,b,c");
    PartitionContract.of(headerOnly, List.of()).checkAllSliceCounts("a,b,c".getBytes(UTF_8));
    assertThat(headerOnly.attributes())
        .containsEntry("header", "a,b,c")
        .containsEntry("records", "0");
  }

  @Test
  void oneByteObject() throws IOException {
    CloudObject co = csv("one.csv", "x", "header", "false");
    PartitionContract.of(co, List.of(List.of("x"))).checkAllSliceCounts("x".getBytes(UTF_8));
  }

  @Test
  void quotedFieldLongerThanAnyBuffer() throws IOException {
    String big = "line\n".repeat(600_000); // 3 MB of newlines inside one quoted field
    String text = "k,v\n1,\"" + big + "\"\n2,small\n";
    CloudObject co = csv("bigfield.csv", text);
    PartitionContract.of(co, oracleRows(text, ',', true)).checkAllSliceCounts(text.getBytes(UTF_8));
  }

  @Test
  void gzipCsvWithQuotedNewlinesAcrossCheckpoints(@TempDir Path tmp) throws IOException {
    ExternalTools.require("pigz", "pigz");
    String text = randomCsv(4, 20_000, ',', "\r\n");
    Path plain = tmp.resolve("big.csv");
    Files.writeString(plain, text);
    Path gz = tmp.resolve("big.csv.gz");
    ExternalTools.sh("pigz -p 2 -c " + ExternalTools.q(plain) + " > " + ExternalTools.q(gz));
    CloudObject co =
        place().object("big.csv.gz", Files.readAllBytes(gz)).option("spacing", "32768").build();
    assertThat(co.format().id()).isEqualTo("csv");
    PartitionContract.of(co, oracleRows(text, ',', true))
        .allowingExtraFetch(PartitionContract.GZIP_WINDOW_FETCH)
        .check(text.getBytes(UTF_8), List.of(1, 2, 5, 17, 64));
    co.preprocess();
    for (DataSlice slice : co.partition("slices", 3)) {
      assertThat(CsvFormat.readHeader(slice)).containsExactly("id", "name", "note");
    }
  }

  /**
   * Indexed as a map + reduce (chunks scanned one after another here): chunk boundaries fall inside
   * quoted fields full of newlines and separators, where the first pass's state chaining is all
   * that tells a chunk where its first row starts.
   */
  @Test
  void indexedInChunksAcrossQuotedNewlines() throws IOException {
    String inside =
        "x,y\n\"\"z\"\",\n".repeat(12_000); // 96 KB of rows-lookalikes inside one quoted field
    String text =
        randomCsv(5, 2_000, ',', "\n")
            + "9999,\""
            + inside
            + "\",end\n"
            + randomCsv(6, 2_000, ',', "\r\n");
    List<List<String>> rows = oracleRows(text, ',', true);
    for (int count : List.of(2, 3, 7, 16)) {
      CloudObject co = place().object("chunked.csv", text.getBytes(UTF_8)).format("csv").build();
      co.preprocess(
          PreprocessOptions.force()
              .withChunks(
                  work -> {
                    List<ParallelIndexing.ChunkSummary> out = new ArrayList<>();
                    for (ParallelIndexing.Chunk chunk : work) {
                      out.add(io.dataplug.Chunks.scan(chunk));
                    }
                    return out;
                  },
                  count));
      assertThat(co.attributes())
          .containsEntry("index_pass", "parallel, " + count + " chunks")
          .containsEntry("records", Integer.toString(rows.size()))
          .containsEntry("header", "id,name,note");
      PartitionContract.of(co, rows).check(text.getBytes(UTF_8), List.of(1, 2, 9, 40));
    }
  }

  @Test
  void everySliceYieldsTheHeader() throws IOException {
    String text = randomCsv(3, 20, ',', "\n");
    CloudObject co = csv("header.csv", text);
    co.preprocess();
    for (DataSlice slice : co.partition("slices", 5)) {
      assertThat(CsvFormat.readHeader(slice)).containsExactly("id", "name", "note");
    }
  }

  @Test
  void unterminatedQuoteIsAnErrorNamingObjectAndOffset() throws IOException {
    CloudObject co = csv("broken.csv", "a,b\n1,2\n3,\"never closed\n4,5\n");
    assertThatThrownBy(co::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("broken.csv")
        .hasMessageContaining("at byte 8")
        .hasMessageContaining("quoted field is never closed");
  }

  @Override
  protected List<ContractCase> cases() throws IOException {
    String text = randomCsv(7, 400, ',', "\r\n");
    byte[] data = text.getBytes(UTF_8);
    return List.of(
        ContractCase.bySliceCounts(
            "random CSV with quoted newlines, CRLF (Commons CSV oracle)",
            place -> place.object("cases/random.csv", data).format("csv").build(),
            oracleRows(text, ',', true),
            data,
            List.of(1, 2, 3, 7, 20, 64),
            c -> c));
  }
}
