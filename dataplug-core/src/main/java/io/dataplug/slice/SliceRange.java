package io.dataplug.slice;

import io.dataplug.storage.ByteRange;
import java.io.Serializable;

/**
 * A byte range of one of a slice's objects: {@code object} 0 is the primary object, 1 and up its
 * companions in order.
 *
 * @param object which of the slice's objects
 * @param offset first byte, zero-based
 * @param length number of bytes, possibly zero
 */
public record SliceRange(int object, long offset, long length) implements Serializable {
  private static final long serialVersionUID = 1L;

  public SliceRange {
    if (object < 0) {
      throw new IllegalArgumentException("object is negative: " + object);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length is negative: " + length);
    }
  }

  /** A range of the primary object. */
  public static SliceRange of(ByteRange range) {
    return new SliceRange(0, range.offset(), range.length());
  }

  /** A range of object {@code object}. */
  public static SliceRange of(int object, ByteRange range) {
    return new SliceRange(object, range.offset(), range.length());
  }

  /** The bytes, without the object. */
  public ByteRange range() {
    return new ByteRange(offset, length);
  }

  /** One past the last byte. */
  public long end() {
    return offset + length;
  }

  @Override
  public String toString() {
    return (object == 0 ? "" : "#" + object) + "[" + offset + ", " + end() + ")";
  }
}
