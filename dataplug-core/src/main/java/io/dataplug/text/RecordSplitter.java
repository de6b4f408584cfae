package io.dataplug.text;

import io.dataplug.storage.MalformedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a (decompressed) byte stream into records with a {@link RecordScanner}. A record is
 * returned without its final {@code '\n'} and without a {@code '\r'} right before it; the last
 * record may lack the newline. Records of any length work: the buffer grows to hold the longest.
 */
final class RecordSplitter {
  private final InputStream in;
  private final RecordScanner scanner;
  private final String format;
  private final Object source;
  private final long baseOffset;
  private byte[] buf;
  private int start;
  private int scanFrom;
  private int limit;
  private long bufferOffset;
  private boolean eof;
  private boolean finished;
  private int recordStart;
  private int recordLength;

  /**
   * @param baseOffset offset of the stream's first byte in the (decompressed) object, for errors
   */
  RecordSplitter(
      InputStream in,
      RecordScanner scanner,
      String format,
      Object source,
      long baseOffset,
      int bufferSize) {
    this.in = in;
    this.scanner = scanner;
    this.format = format;
    this.source = source;
    this.baseOffset = baseOffset;
    this.buf = new byte[bufferSize];
  }

  /** Moves to the next record; false at the end of the stream. */
  boolean next() throws IOException {
    while (true) {
      int end = scan();
      if (end >= 0) {
        recordStart = start;
        recordLength = end - start;
        if (recordLength > 0 && buf[end - 1] == '\r') {
          recordLength--;
        }
        start = end + 1;
        scanFrom = start;
        return true;
      }
      scanFrom = limit;
      if (eof || !fill()) {
        boolean last = finish(start < limit);
        if (last) {
          recordStart = start;
          recordLength = limit - start;
          if (recordLength > 0 && buf[limit - 1] == '\r') {
            recordLength--;
          }
        }
        start = limit;
        scanFrom = limit;
        return last;
      }
    }
  }

  /** Counts the remaining records without keeping their bytes (a record may be any length). */
  long countRemaining() throws IOException {
    long n = 0;
    boolean pending = false;
    while (true) {
      int end = scan();
      if (end >= 0) {
        n++;
        pending = false;
        start = end + 1;
        scanFrom = start;
        continue;
      }
      pending |= start < limit;
      start = limit;
      scanFrom = limit;
      if (eof || !fill()) {
        return finish(pending) ? n + 1 : n;
      }
    }
  }

  private int scan() throws MalformedDataException {
    try {
      return scanner.findRecordEnd(buf, scanFrom, limit);
    } catch (RecordScanner.RecordSyntaxException e) {
      throw MalformedDataException.at(
          format,
          source,
          baseOffset + bufferOffset + Math.max(e.index(), scanFrom),
          e.getMessage());
    }
  }

  private boolean finish(boolean pending) throws MalformedDataException {
    if (finished) {
      return false;
    }
    finished = true;
    try {
      return scanner.finish(pending);
    } catch (RecordScanner.RecordSyntaxException e) {
      throw MalformedDataException.at(
          format, source, baseOffset + bufferOffset + start, e.getMessage());
    }
  }

  byte[] buffer() {
    return buf;
  }

  int recordStart() {
    return recordStart;
  }

  int recordLength() {
    return recordLength;
  }

  /** Offset in the (decompressed) object of the current record's first byte. */
  long recordOffset() {
    return baseOffset + bufferOffset + recordStart;
  }

  /** Reads more bytes, keeping the unfinished record; false at the end of the stream. */
  private boolean fill() throws IOException {
    if (start > 0) {
      int keep = limit - start;
      System.arraycopy(buf, start, buf, 0, keep);
      bufferOffset += start;
      scanFrom -= start;
      limit = keep;
      start = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }
}
