package io.dataplug.text;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.Slices;
import io.dataplug.format.RecordReader;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The exactly-once contract as a property (jqwik): for random text objects (empty lines, long and
 * short lines, CRLF and LF, a missing final newline, gzip or not) and any slice count, the records
 * of all slices, in order, are the object's lines, each once. The oracle is an independent split of
 * the bytes on '\n'; gzip is written by the JDK's {@link GZIPOutputStream}.
 */
class ExactlyOnceProperties {

  @Provide
  Arbitrary<List<String>> lines() {
    Arbitrary<String> line =
        Arbitraries.oneOf(
            Arbitraries.strings().withChars("ab,\" \t").ofMinLength(0).ofMaxLength(12),
            Arbitraries.strings().withChars("xyz0123456789").ofMinLength(100).ofMaxLength(3000),
            Arbitraries.just(""));
    return line.list().ofMinSize(0).ofMaxSize(400);
  }

  @Property(tries = 200)
  void everyLineOnceInOrder(
      @ForAll("lines") List<String> lines,
      @ForAll boolean crlf,
      @ForAll boolean finalNewline,
      @ForAll boolean gzip,
      @ForAll @IntRange(min = 1, max = 40) int slices)
      throws IOException {
    String eol = crlf ? "\r\n" : "\n";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      text.append(lines.get(i));
      if (i < lines.size() - 1 || finalNewline) {
        text.append(eol);
      }
    }
    byte[] bytes = text.toString().getBytes(UTF_8);
    Path dir = Files.createTempDirectory("exactly-once");
    try {
      Path file = dir.resolve(gzip ? "random.txt.gz" : "random.txt");
      Files.write(file, gzip ? gzip(bytes) : bytes);
      CloudObject co =
          CloudObject.builder(file.toString())
              .format("text")
              .storeConfig(StoreConfig.defaults())
              .build();
      co.preprocess(PreprocessOptions.force());
      List<String> records = new ArrayList<>();
      for (DataSlice slice : co.partition("slices", slices)) {
        try (RecordReader<?> reader = Slices.newRecordReader(slice)) {
          while (reader.advance()) {
            records.add(withoutEol(String.valueOf(reader.current())));
          }
        }
      }
      assertThat(records).containsExactlyElementsOf(oracle(bytes));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  /** The lines of {@code bytes}: split on '\n', a final piece only if it is not empty. */
  private static List<String> oracle(byte[] bytes) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        out.add(withoutEol(new String(bytes, start, i - start, UTF_8)));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      out.add(withoutEol(new String(bytes, start, bytes.length - start, UTF_8)));
    }
    return out;
  }

  /** A line without its terminator, whether the reader kept it or not ("\n" or "\r\n"). */
  private static String withoutEol(String line) {
    String s = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    }
    return out.toByteArray();
  }
}
