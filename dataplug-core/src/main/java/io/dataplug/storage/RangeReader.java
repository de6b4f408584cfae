package io.dataplug.storage;

import java.io.Closeable;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Positional reads of one object, pinned to the ETag it was opened with (as Iceberg's {@code
 * RangeReadable} and Trino's {@code TrinoInput}). Reads never move a position: each call names its
 * bytes, so one reader serves scattered ranges (LAZ chunks, COPC nodes, TIFF tiles) as well as
 * contiguous ones. Every request is counted in the store's {@link IoStats} (and in the current
 * task's scope).
 *
 * <p>Implementations are thread-safe unless they say otherwise. Made by {@link
 * ObjectStore#newReader}; the caller closes it.
 */
public interface RangeReader extends Closeable {
  /** The object read. */
  ObjectLocation location();

  /**
   * The object's size: from the ETag-pinned metadata fetched on first use (one HEAD), then cached.
   *
   * @throws FileNotFoundException if the object does not exist
   * @throws ObjectChangedException if its ETag is not the one this reader is pinned to
   */
  long size() throws IOException;

  /**
   * Opens a stream over exactly the bytes of {@code range} (one range request). The caller closes
   * it.
   *
   * @throws EOFException if the range ends past the end of the object
   * @throws ObjectChangedException if the object's ETag changed
   */
  InputStream stream(ByteRange range) throws IOException;

  /**
   * Reads {@code length} bytes from {@code position} into {@code buffer[offset, offset + length)};
   * the rest of the buffer is not modified.
   *
   * @throws EOFException if the object ends before {@code position + length}
   * @throws IndexOutOfBoundsException if the buffer slice is out of bounds
   */
  default void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
    java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
    ByteRange range = new ByteRange(position, length);
    try (InputStream in = stream(range)) {
      int n = in.readNBytes(buffer, offset, length);
      if (n != length) {
        throw new EOFException(
            "Read " + n + " of " + length + " bytes: " + location() + " " + range);
      }
    }
  }

  /**
   * Reads {@code range} whole into a new array.
   *
   * @throws IllegalArgumentException if the range is longer than an array can hold
   * @throws EOFException if the range ends past the end of the object
   */
  default byte[] readFully(ByteRange range) throws IOException {
    if (range.length() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("range too long for one array: " + range);
    }
    byte[] data = new byte[(int) range.length()];
    readFully(range.offset(), data, 0, data.length);
    return data;
  }

  /**
   * The last {@code length} bytes of the object, or the whole object when it is shorter (for
   * formats with a footer or a table at the end, such as a LAZ chunk table).
   */
  default byte[] readTail(int length) throws IOException {
    if (length < 0) {
      throw new IllegalArgumentException("length is negative: " + length);
    }
    long size = size();
    long n = Math.min(size, length);
    return readFully(new ByteRange(size - n, n));
  }

  @Override
  default void close() throws IOException {}
}
