package io.dataplug.text;

import io.dataplug.format.Detection;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Line-delimited text, plain or gzip: a record is a line, without its {@code \n} or {@code \r\n}; a
 * last line without a newline is a record too. Records are UTF-8 strings.
 */
public final class TextFormat extends DelimitedFormat {
  @Override
  public String id() {
    return "text";
  }

  @Override
  protected String description() {
    return "line-delimited text (UTF-8), plain or gzip; a record is a line";
  }

  @Override
  public int detect(String name, byte[] head) {
    if (Detection.hasExtension(name, ".txt", ".log", ".jsonl", ".ndjson")) {
      return 2;
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return 0;
    }
    for (byte b : head) {
      if (b == 0) {
        return 0;
      }
    }
    return 1;
  }

  @Override
  protected RecordScanner newScanner(Map<String, String> options) {
    return RecordScanner.lines();
  }

  @Override
  protected RecordDecoder<String> decoder(RecordSliceHint hint) {
    return (buf, off, len) -> new String(buf, off, len, StandardCharsets.UTF_8);
  }
}
