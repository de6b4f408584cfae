package io.dataplug.text;

import io.dataplug.internal.ChunkInputStream;
import io.dataplug.storage.MalformedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of the records that start in {@code [sliceStart, sliceEnd)} of a (decompressed) stream,
 * for slices cut without a record index: skips to the first record start with a {@link
 * RecordStartFinder}, then passes bytes through while a {@link RecordScanner} follows the records,
 * and ends just before the first record that starts at or after {@code sliceEnd}.
 */
final class ResyncStream extends ChunkInputStream {
  private static final int LOOK_AHEAD_LIMIT = 16 << 20;

  private final InputStream in;
  private final @Nullable RecordScanner scanner;
  private final String format;
  private final Object source;
  private final long sliceEnd;
  private byte[] buf = new byte[1 << 20];
  private int pos;
  private int limit;
  private int scanned; // bytes before this index are scanned and deliverable
  private int stopAt = -1; // deliver up to here, then end
  private long bufferOffset; // stream offset of buf[0]
  private boolean eof;

  /**
   * @param streamOffset offset of {@code in}'s first byte: the slice start, or one byte before it
   *     when {@code finder} must resynchronise
   * @param scanner follows the records to end the stream after the last one starting before {@code
   *     sliceEnd}; null to pass everything after the first record through (the reader then stops)
   */
  ResyncStream(
      InputStream in,
      long streamOffset,
      long sliceStart,
      long sliceEnd,
      RecordStartFinder finder,
      @Nullable RecordScanner scanner,
      String format,
      Object source)
      throws IOException {
    this.in = in;
    this.scanner = scanner;
    this.format = format;
    this.source = source;
    this.sliceEnd = sliceEnd;
    this.bufferOffset = streamOffset;
    if (streamOffset < sliceStart) {
      int start;
      while (true) {
        try {
          start = finder.find(buf, limit, eof);
        } catch (RecordScanner.RecordSyntaxException e) {
          throw MalformedDataException.at(format, source, streamOffset, e.getMessage());
        }
        if (start >= 0) {
          break;
        }
        if (limit >= LOOK_AHEAD_LIMIT) {
          throw MalformedDataException.at(
              format,
              source,
              streamOffset,
              "no record start found in the next "
                  + LOOK_AHEAD_LIMIT
                  + " bytes (records this long need the full index: -o bgzf=full)");
        }
        fill();
      }
      pos = start;
      scanned = start;
    }
    firstRecord = bufferOffset + pos;
    if (firstRecord >= sliceEnd) {
      stopAt = pos; // no record starts in the slice
    }
  }

  private long firstRecord;

  /** Offset of the first record delivered (where reading resynchronised to). */
  long firstRecordOffset() {
    return firstRecord;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (pos == scanned) {
      if (stopAt >= 0 && pos >= stopAt) {
        return -1;
      }
      if (!advance()) {
        return -1;
      }
    }
    int end = stopAt >= 0 ? Math.min(scanned, stopAt) : scanned;
    int n = Math.min(len, end - pos);
    if (n <= 0) {
      return -1;
    }
    System.arraycopy(buf, pos, b, off, n);
    pos += n;
    return n;
  }

  /** Scans further; false when nothing more will be delivered. */
  private boolean advance() throws IOException {
    RecordScanner records = scanner;
    if (records == null && scanned < limit) {
      scanned = limit; // passing through: the reader finds where the records end
      return true;
    }
    if (records != null && scanned < limit) {
      int e;
      try {
        e = records.findRecordEnd(buf, scanned, limit);
      } catch (RecordScanner.RecordSyntaxException ex) {
        throw MalformedDataException.at(
            format, source, bufferOffset + Math.max(ex.index(), scanned), ex.getMessage());
      }
      if (e >= 0) {
        scanned = e + 1;
        if (bufferOffset + scanned >= sliceEnd) {
          stopAt = scanned;
        }
        return true;
      }
      scanned = limit;
      return true;
    }
    if (eof) {
      return false;
    }
    fill();
    return scanned < limit || !eof;
  }

  private void fill() throws IOException {
    if (pos > 0) {
      int keep = limit - pos;
      System.arraycopy(buf, pos, buf, 0, keep);
      bufferOffset += pos;
      scanned -= pos;
      if (stopAt >= 0) {
        stopAt -= pos;
      }
      limit = keep;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
