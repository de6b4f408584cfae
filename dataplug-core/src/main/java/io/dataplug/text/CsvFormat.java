package io.dataplug.text;

import io.dataplug.format.Detection;
import io.dataplug.format.ParallelIndexing.Chunk;
import io.dataplug.format.ParallelIndexing.ChunkSummary;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.RangeReader;
import io.dataplug.text.RecordScanner.CsvScanner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * CSV (RFC 4180, read leniently): records are rows of fields, a quoted field may hold separators,
 * doubled quotes and newlines, and the first row is a header unless {@code header=false}. The
 * separator and quote are options; the header is parsed once at preprocessing and any slice can
 * yield it with {@link #readHeader(DataSlice)}.
 */
public final class CsvFormat extends DelimitedFormat {
  @Override
  public String id() {
    return "csv";
  }

  @Override
  protected String description() {
    return "comma- (or other-) separated values, plain or gzip; quoted fields may hold newlines; a record is a row";
  }

  @Override
  public int detect(String name, byte[] head) {
    return Detection.hasExtension(name, ".csv", ".tsv") ? 2 : 0;
  }

  @Override
  protected List<String> formatOptions() {
    return List.of(
        "separator: field separator, one character or 'tab' (default ,)",
        "quote: quote character (default \")",
        "header: true if the first row is a header (default true)");
  }

  @Override
  protected Map<String, String> formatOptionDefaults() {
    return Map.of("separator", ",", "quote", "\"", "header", "true");
  }

  static String separator(Map<String, String> options) {
    String s = options.getOrDefault("separator", ",");
    if (s.equals("tab") || s.equals("\\t")) {
      s = "\t";
    }
    return oneCharacter("separator", s);
  }

  static String quote(Map<String, String> options) {
    return oneCharacter("quote", options.getOrDefault("quote", "\""));
  }

  private static String oneCharacter(String name, String value) {
    if (value.length() != 1
        || value.charAt(0) > 127
        || value.charAt(0) == '\n'
        || value.charAt(0) == '\r') {
      throw new IllegalArgumentException(
          name + " must be one ASCII character other than a newline: '" + value + "'");
    }
    return value;
  }

  @Override
  protected RecordScanner newScanner(Map<String, String> options) {
    byte sep = (byte) separator(options).charAt(0);
    byte quote = (byte) quote(options).charAt(0);
    if (sep == quote) {
      throw new IllegalArgumentException("separator and quote must differ");
    }
    return RecordScanner.csv(sep, quote);
  }

  /** A newline may be inside a quoted field, so a CSV record start cannot be found mid-stream. */
  @Override
  protected @Nullable RecordStartFinder startFinder(Map<String, String> options) {
    return null;
  }

  /**
   * Chunks of a parallel index pass can find their first record once they know the parser's state
   * at their start: a first pass maps each chunk's possible entry states to its exit states, and
   * chaining those from the object's start gives every chunk its state (exact, whatever the
   * quotes). Not with an ordinal grid, which would need a third pass.
   */
  @Override
  protected boolean chunkable(Map<String, String> options) {
    newScanner(options); // validates the separator and quote
    return recordInterval(options) <= 0;
  }

  @Override
  public boolean twoPasses(Chunk chunk) {
    return true;
  }

  /**
   * First pass: the parser's state at the chunk's end for each of its four possible states at its
   * start.
   */
  @Override
  public ChunkSummary scan(Chunk chunk, RangeReader object) throws IOException {
    if (chunk.entryState() >= 0) {
      return super.scan(chunk, object);
    }
    byte sep = (byte) separator(chunk.options()).charAt(0);
    byte quote = (byte) quote(chunk.options()).charAt(0);
    // All four runs at once: a combined state packs each run's state in two bits, so a byte costs
    // two table lookups, as in one run. A newline steps like a separator (it only also ends a
    // record).
    byte[] byteClass = new byte[256];
    byteClass[sep & 0xff] = 1;
    byteClass['\n'] = 1;
    byteClass[quote & 0xff] = 2;
    byte other = 0;
    while (byteClass[other & 0xff] != 0) {
      other++;
    }
    byte[] representative = {other, sep, quote};
    int[] next = new int[256 * 4];
    for (int combined = 0; combined < 256; combined++) {
      for (int c = 0; c < 3; c++) {
        int packed = 0;
        for (int run = 0; run < 4; run++) {
          packed |=
              CsvScanner.step((combined >> (2 * run)) & 3, representative[c], sep, quote)
                  << (2 * run);
        }
        next[combined << 2 | c] = packed;
      }
    }
    int combined = 0;
    for (int run = 0; run < 4; run++) {
      combined |= run << (2 * run); // run k starts in state k (the states are 0 to 3)
    }
    try (InputStream in = object.stream(ByteRange.between(chunk.start(), chunk.end()))) {
      byte[] buf = new byte[1 << 16];
      boolean afterOther = false; // a run of ordinary bytes steps like one of them: skip the rest
      int n;
      while ((n = in.read(buf)) > 0) {
        for (int i = 0; i < n; i++) {
          int c = byteClass[buf[i] & 0xff];
          if (c != 0 || !afterOther) {
            combined = next[combined << 2 | c];
          }
          afterOther = c == 0;
        }
      }
    }
    int[] exits = new int[4];
    for (int run = 0; run < 4; run++) {
      exits[run] = (combined >> (2 * run)) & 3;
    }
    return ChunkSummary.ofStates(chunk.index(), exits);
  }

  /**
   * The first record end after the chunk start, following the parser from its known state there.
   */
  @Override
  protected RecordStartFinder chunkStartFinder(Chunk chunk) {
    byte sep = (byte) separator(chunk.options()).charAt(0);
    byte quote = (byte) quote(chunk.options()).charAt(0);
    int entry = chunk.entryState();
    return (buf, to, eof) -> {
      if (to > 0 && buf[0] == '\n' && entry == CsvScanner.FIELD_START) {
        return 1; // the byte before the chunk ended a record
      }
      int s = entry;
      for (int i = 1; i < to; i++) {
        if (buf[i] == '\n' && s != CsvScanner.QUOTED) {
          return i + 1;
        }
        s = CsvScanner.step(s, buf[i], sep, quote);
      }
      return eof ? to : -1;
    };
  }

  @Override
  protected HeaderRule headerRule(Map<String, String> options) {
    String h = options.getOrDefault("header", "true");
    if (!h.equals("true") && !h.equals("false")) {
      throw new IllegalArgumentException("header must be true or false: " + h);
    }
    return h.equals("true") ? HeaderRule.FIRST_RECORD : HeaderRule.NONE;
  }

  @Override
  protected RecordDecoder<List<String>> decoder(RecordSliceHint hint) {
    byte sep = (byte) separator(hint.options()).charAt(0);
    byte quote = (byte) quote(hint.options()).charAt(0);
    return (buf, off, len) -> parseFields(buf, off, len, sep, quote);
  }

  /** The header row of the slice's object (one small range read), or an empty list if none. */
  public static List<String> readHeader(DataSlice slice) throws IOException {
    RecordSliceHint hint = slice.hint(RecordSliceHint.class);
    if (hint.headerLength() == 0) {
      return List.of();
    }
    byte[] bytes;
    try (InputStream in = io.dataplug.Slices.openHeader(slice)) {
      bytes = in.readAllBytes();
    }
    int len = bytes.length;
    if (len > 0 && bytes[len - 1] == '\n') {
      len--;
    }
    if (len > 0 && bytes[len - 1] == '\r') {
      len--;
    }
    return parseFields(
        bytes,
        0,
        len,
        (byte) separator(hint.options()).charAt(0),
        (byte) quote(hint.options()).charAt(0));
  }

  /** Splits one record (without its newline) into fields, by the rules of the CSV scanner. */
  static List<String> parseFields(byte[] buf, int off, int len, byte sep, byte quote) {
    List<String> fields = new ArrayList<>();
    ByteArrayOutputStream field = new ByteArrayOutputStream();
    int state = RecordScanner.CsvScanner.FIELD_START;
    for (int i = off; i < off + len; i++) {
      byte b = buf[i];
      switch (state) {
        case RecordScanner.CsvScanner.QUOTED:
          if (b == quote) {
            state = RecordScanner.CsvScanner.QUOTE_IN_QUOTED;
          } else {
            field.write(b);
          }
          break;
        case RecordScanner.CsvScanner.QUOTE_IN_QUOTED:
          if (b == quote) {
            field.write(b);
            state = RecordScanner.CsvScanner.QUOTED;
            break;
          }
        // fall through: the quoted field has closed
        default:
          if (b == sep) {
            fields.add(field.toString(StandardCharsets.UTF_8));
            field.reset();
            state = RecordScanner.CsvScanner.FIELD_START;
          } else if (b == quote && state == RecordScanner.CsvScanner.FIELD_START) {
            state = RecordScanner.CsvScanner.QUOTED;
          } else {
            field.write(b);
            state = RecordScanner.CsvScanner.UNQUOTED;
          }
      }
    }
    fields.add(field.toString(StandardCharsets.UTF_8));
    return fields;
  }
}
