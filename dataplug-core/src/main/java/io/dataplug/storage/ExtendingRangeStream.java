package io.dataplug.storage;

import io.dataplug.internal.ChunkInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads an object from an offset with as few range requests as it can: first the planned range,
 * then, only if the reader wants more, further ranges of growing size (64 KiB, doubling) up to the
 * end of the object. For slices whose last record may run past their planned end.
 */
public final class ExtendingRangeStream extends ChunkInputStream {
  private static final long FIRST_EXTENSION = 64 << 10;
  private static final long MAX_EXTENSION = 64 << 20;

  private final RangeReader reader;
  private final long objectSize;
  private long plannedEnd;
  private long extension = FIRST_EXTENSION;
  private @Nullable InputStream current;
  private long position;
  private long currentEnd;

  /**
   * @param plannedEnd end (exclusive) of the first range request
   * @param objectSize the object's size; no request goes past it
   */
  public ExtendingRangeStream(RangeReader reader, long start, long plannedEnd, long objectSize) {
    if (start < 0 || plannedEnd < start || plannedEnd > objectSize) {
      throw new IllegalArgumentException(
          "bad range ["
              + start
              + ", "
              + plannedEnd
              + ") of "
              + objectSize
              + " bytes: "
              + reader.location());
    }
    this.reader = reader;
    this.objectSize = objectSize;
    this.plannedEnd = plannedEnd;
    this.position = start;
    this.currentEnd = start;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (position >= currentEnd) {
      if (position >= objectSize) {
        return -1;
      }
      close();
      long end;
      if (plannedEnd > position) {
        end = plannedEnd;
      } else {
        end = Math.min(objectSize, position + extension);
        extension = Math.min(extension * 2, MAX_EXTENSION);
      }
      plannedEnd = -1;
      current = reader.stream(ByteRange.between(position, end));
      currentEnd = end;
    }
    InputStream in = current;
    if (in == null) {
      throw new IllegalStateException("no range open: " + reader.location());
    }
    int n = in.read(b, off, (int) Math.min(len, currentEnd - position));
    if (n < 0) {
      throw new java.io.EOFException(
          "Range stream ended early at byte " + position + ": " + reader.location());
    }
    position += n;
    return n;
  }

  /** Offset in the object of the next byte to be read. */
  public long position() {
    return position;
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
  }
}
