package io.dataplug.storage;

import java.io.Serializable;

/**
 * A half-open byte range {@code [offset, offset + length)} of an object.
 *
 * @param offset first byte, zero-based
 * @param length number of bytes, possibly zero
 */
public record ByteRange(long offset, long length) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ByteRange {
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length is negative: " + length);
    }
  }

  /** The range {@code [start, end)}. */
  public static ByteRange between(long start, long end) {
    if (end < start) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    return new ByteRange(start, end - start);
  }

  /** One past the last byte. */
  public long end() {
    return offset + length;
  }

  /**
   * The HTTP {@code Range} header value for this range, {@code bytes=first-last} (inclusive ends).
   *
   * @throws IllegalStateException for an empty range, which HTTP cannot express
   */
  public String httpRangeHeader() {
    if (length == 0) {
      throw new IllegalStateException("an empty range has no HTTP Range header");
    }
    return "bytes=" + offset + "-" + (end() - 1);
  }

  public boolean isEmpty() {
    return length == 0;
  }

  @Override
  public String toString() {
    return "[" + offset + ", " + end() + ")";
  }
}
