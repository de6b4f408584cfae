package io.dataplug.text;

import io.dataplug.format.MalformedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into records with a {@link RecordScanner}. A record is returned without its
 * {@code '\n'} and without a {@code '\r'} right before it; the last record may lack the newline.
 * Records of any length work: the buffer grows to hold the longest one.
 */
final class RecordSplitter {
  private final InputStream in;
  private final RecordScanner scanner;
  private final Object source;
  private final long baseOffset;
  private byte[] buf;
  private int start;
  private int scanFrom;
  private int limit;
  private long bufferOffset;
  private boolean eof;
  private int recordStart;
  private int recordLength;

  /**
   * @param baseOffset offset of the stream's first byte in the object, for error messages
   */
  RecordSplitter(InputStream in, RecordScanner scanner, Object source, long baseOffset, int bufferSize) {
    this.in = in;
    this.scanner = scanner;
    this.source = source;
    this.baseOffset = baseOffset;
    this.buf = new byte[bufferSize];
  }

  /** Moves to the next record; false at the end of the stream. */
  boolean next() throws IOException {
    while (true) {
      int end = scanner.findRecordEnd(buf, scanFrom, limit);
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
        if (start < limit) {
          checkQuotesClosed();
          recordStart = start;
          recordLength = limit - start;
          start = limit;
          scanFrom = limit;
          return true;
        }
        return false;
      }
    }
  }

  /** Counts the remaining records without keeping their bytes (a record may be any length). */
  long countRemaining() throws IOException {
    long n = 0;
    boolean pending = false;
    while (true) {
      int end = scanner.findRecordEnd(buf, scanFrom, limit);
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
        if (pending) {
          checkQuotesClosed();
          n++;
        }
        return n;
      }
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

  /** Offset in the object of the current record's first byte. */
  long recordOffset() {
    return baseOffset + bufferOffset + recordStart;
  }

  private void checkQuotesClosed() throws MalformedDataException {
    if (scanner.insideQuotes()) {
      throw new MalformedDataException("Malformed csv data in " + source + " at byte "
          + (baseOffset + bufferOffset + start) + ": a quoted field is never closed");
    }
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
