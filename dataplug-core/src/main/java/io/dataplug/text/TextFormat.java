package io.dataplug.text;

import io.dataplug.DataSlice;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceHint;
import io.dataplug.storage.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Line-delimited text: a record is a line, without its {@code \n} or {@code \r\n}; a last line
 * without a newline is a record too. Records are UTF-8 strings.
 */
public final class TextFormat extends DelimitedFormat {
  @Override
  public String id() {
    return "text";
  }

  @Override
  public String description() {
    return "line-delimited text (UTF-8); a record is a line";
  }

  @Override
  public int detect(String name, byte[] head) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".txt") || n.endsWith(".log") || n.endsWith(".jsonl") || n.endsWith(".ndjson")) {
      return 2;
    }
    for (byte b : head) {
      if (b == 0) {
        return 0;
      }
    }
    return 1;
  }

  @Override
  public List<String> options() {
    return List.of("spacing: bytes between sampled line starts in the index (default: size/16384, 64 B to 64 KiB)");
  }

  @Override
  public Class<? extends SliceHint> hintType() {
    return LineSliceHint.class;
  }

  @Override
  RecordScanner scanner(Map<String, String> options) {
    return RecordScanner.lines();
  }

  @Override
  boolean hasHeader(Map<String, String> options) {
    return false;
  }

  @Override
  SliceHint hint(RecordBoundaries.Cut cut, long headerLength, Map<String, String> options) {
    return new LineSliceHint(cut.firstRecord(), cut.records());
  }

  @Override
  public RecordReader<String> newRecordReader(DataSlice slice, ObjectStore store) throws IOException {
    return newReader(slice, slice.hint(LineSliceHint.class).records(), RecordScanner.lines(),
        (buf, off, len) -> new String(buf, off, len, StandardCharsets.UTF_8));
  }
}
