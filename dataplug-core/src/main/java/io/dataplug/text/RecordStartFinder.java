package io.dataplug.text;

/**
 * Finds a record start in the middle of a stream, for slices cut at byte offsets without a record
 * index (the BGZF fast path): the first record that starts at or after the slice's first byte. The
 * bytes given begin one byte before the slice, so a record starting exactly at the slice start is
 * found too.
 */
@FunctionalInterface
public interface RecordStartFinder {
  /**
   * @param buf bytes from one byte before the slice start
   * @param to how many bytes of {@code buf} are filled
   * @param eof whether no more bytes follow
   * @return the index in {@code buf} of the first record start at index 1 or later, {@code to} if
   *     no record starts before the end of the data, or -1 if more bytes are needed
   * @throws RecordScanner.RecordSyntaxException if no record start can be recognized
   */
  int find(byte[] buf, int to, boolean eof);

  /** For line records: the byte after the first newline. */
  static RecordStartFinder afterNewline() {
    return (buf, to, eof) -> {
      for (int i = 0; i < to; i++) {
        if (buf[i] == '\n') {
          return i + 1;
        }
      }
      return eof ? to : -1;
    };
  }
}
