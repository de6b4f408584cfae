package io.dataplug.formats.geospatial.las;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.RangeReader;
import java.io.IOException;

/**
 * Little-endian reads at absolute positions of one object through a cached window, so that a header
 * and its VLR headers, read field by field, cost one range request in the usual case.
 */
final class ByteWindow {
  static final int WINDOW = 64 * 1024;

  private final RangeReader reader;
  private final long size;
  private final String format;
  private final boolean fetches;
  private long start;
  private byte[] window;

  ByteWindow(RangeReader reader, long size, String format) {
    this(reader, size, format, new byte[0], true);
  }

  private ByteWindow(RangeReader reader, long size, String format, byte[] window, boolean fetches) {
    this.reader = reader;
    this.size = size;
    this.format = format;
    this.window = window;
    this.fetches = fetches;
  }

  /**
   * A window over the object's first bytes, already fetched, that never fetches more: a read
   * outside them fails.
   */
  static ByteWindow over(RangeReader reader, long size, String format, byte[] head) {
    return new ByteWindow(reader, size, format, head, false);
  }

  /** Whether reads outside the window fetch from the object. */
  boolean fetches() {
    return fetches;
  }

  long size() {
    return size;
  }

  /**
   * Makes {@code [pos, pos + n)} available and returns its index in {@link #window} (which it may
   * replace: read the field after calling this).
   */
  private int at(long pos, int n) throws IOException {
    if (pos < 0 || pos + n > size) {
      throw MalformedDataException.at(
          format,
          reader.location(),
          pos,
          "needs " + n + " bytes here, but the object ends at byte " + size);
    }
    if (pos < start || pos + n > start + window.length) {
      if (!fetches) {
        throw MalformedDataException.at(
            format,
            reader.location(),
            pos,
            "needs " + n + " bytes here, beyond the " + window.length + " bytes of the header");
      }
      int length = (int) Math.min(Math.max(n, WINDOW), size - pos);
      window = reader.readFully(new ByteRange(pos, length));
      start = pos;
    }
    return (int) (pos - start);
  }

  int u8(long pos) throws IOException {
    int i = at(pos, 1);
    return Le.u8(window, i);
  }

  int u16(long pos) throws IOException {
    int i = at(pos, 2);
    return Le.u16(window, i);
  }

  long u32(long pos) throws IOException {
    int i = at(pos, 4);
    return Le.u32(window, i);
  }

  long i64(long pos) throws IOException {
    int i = at(pos, 8);
    return Le.i64(window, i);
  }

  double f64(long pos) throws IOException {
    int i = at(pos, 8);
    return Le.f64(window, i);
  }

  String text(long pos, int n) throws IOException {
    int i = at(pos, n);
    return Le.text(window, i, n);
  }

  byte[] bytes(long pos, int n) throws IOException {
    int i = at(pos, n);
    byte[] copy = new byte[n];
    System.arraycopy(window, i, copy, 0, n);
    return copy;
  }
}
