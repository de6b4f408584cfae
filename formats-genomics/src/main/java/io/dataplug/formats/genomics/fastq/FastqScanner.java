package io.dataplug.formats.genomics.fastq;

import io.dataplug.text.RecordScanner;
import java.util.Map;

/**
 * Finds FASTQ record ends, for 4-line and wrapped (multi-line) records alike, the way kseq reads
 * them: a record is an {@code @} header line, sequence lines up to a line starting with {@code +},
 * then quality lines until the quality is as long as the sequence (at least one line, so an empty
 * sequence has one empty quality line). Quality lines may start with {@code @} or {@code +}; their
 * length decides. Blank lines before a record are skipped; CRLF line ends work.
 *
 * <p>Errors: a record not starting with {@code @}, a quality longer than its sequence, a truncated
 * last record.
 */
final class FastqScanner implements RecordScanner {
  private static final int HEADER = 0;
  private static final int SEQUENCE = 1;
  private static final int QUALITY = 2;

  private int state = HEADER;
  private long sequenceLength;
  private long qualityLength;
  private long bases;
  // the line being read, across chunks
  private long lineLength;
  private int firstByte = -1;
  private boolean lastWasCr;

  @Override
  public int findRecordEnd(byte[] buf, int from, int to) {
    int i = from;
    while (i < to) {
      int nl = -1;
      for (int j = i; j < to; j++) {
        if (buf[j] == '\n') {
          nl = j;
          break;
        }
      }
      if (nl < 0) {
        if (firstByte < 0) {
          firstByte = buf[i] & 0xff;
        }
        lineLength += to - i;
        lastWasCr = buf[to - 1] == '\r';
        return -1;
      }
      if (nl > i) {
        if (firstByte < 0) {
          firstByte = buf[i] & 0xff;
        }
        lastWasCr = buf[nl - 1] == '\r';
      }
      long length = lineLength + (nl - i) - (lastWasCr ? 1 : 0);
      int first = length == 0 ? -1 : firstByte;
      lineLength = 0;
      firstByte = -1;
      lastWasCr = false;
      if (line(first, length, nl)) {
        return nl;
      }
      i = nl + 1;
    }
    return -1;
  }

  /** Takes one complete line; true if it ends a record. */
  private boolean line(int first, long length, int index) {
    switch (state) {
      case HEADER:
        if (length == 0) {
          return false; // blank line between records
        }
        if (first != '@') {
          throw new RecordSyntaxException(
              "a FASTQ record must start with '@', not "
                  + (first < 32 || first > 126
                      ? String.format("0x%02x", first)
                      : "'" + (char) first + "'"),
              index);
        }
        state = SEQUENCE;
        sequenceLength = 0;
        return false;
      case SEQUENCE:
        if (first == '+') {
          state = QUALITY;
          qualityLength = -1;
        } else if (first == '@') {
          throw new RecordSyntaxException(
              "a FASTQ record has no '+' line before the next '@' line", index);
        } else {
          sequenceLength += length;
        }
        return false;
      default:
        qualityLength = Math.max(0, qualityLength) + length;
        if (qualityLength < sequenceLength) {
          return false;
        }
        if (qualityLength > sequenceLength) {
          throw new RecordSyntaxException(
              "sequence and quality lengths differ (sequence "
                  + sequenceLength
                  + ", quality "
                  + qualityLength
                  + ")",
              index);
        }
        state = HEADER;
        bases += sequenceLength;
        return true;
    }
  }

  @Override
  public boolean finish(boolean pending) {
    if (lineLength > 0 || lastWasCr) {
      long length = lineLength - (lastWasCr ? 1 : 0);
      int first = length == 0 ? -1 : firstByte;
      lineLength = 0;
      lastWasCr = false;
      if (line(first, length, -1)) {
        return true;
      }
    }
    if (state != HEADER) {
      throw new RecordSyntaxException(
          "the last FASTQ record is truncated ("
              + (state == SEQUENCE ? "no '+' line" : "quality shorter than sequence")
              + ")",
          -1);
    }
    return false;
  }

  @Override
  public Map<String, Long> counters() {
    return Map.of("bases", bases);
  }
}
