package io.dataplug.text;

import io.dataplug.codec.gzip.GzipIndexer;
import io.dataplug.storage.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Follows the records of a (decompressed) stream during the preprocessing pass and samples record
 * starts into {@link RecordBoundaries}: for a plain object at least every {@code spacing} bytes;
 * for a gzip object the first record start after each checkpoint, so every cut point is resumable.
 * Also finds the header (the first record, or the leading {@code #} lines) and keeps its text.
 */
final class BoundaryCollector implements GzipIndexer.Listener {
  private static final int MAX_HEADER_TEXT = 64 << 10;

  private final RecordScanner scanner;
  private final DelimitedFormat.HeaderRule headerRule;
  private final long spacing;
  private final long recordInterval;
  private final String format;
  private final Object source;
  private final ByteArrayOutputStream headerText = new ByteArrayOutputStream();

  private RecordBoundaries.Builder builder; // replaced when the data (after any header) starts
  private boolean inHeader;
  private boolean atRecordStart = true;
  private long position;
  private long recordStart;
  private long records;
  private long dataStart;
  private long pendingCheckpoint = -1;
  private long baseOrdinal;
  private long stopAt = Long.MAX_VALUE;
  private boolean stopped;

  /**
   * @param spacing for a plain object the sampling spacing; for a gzip object -1 (sample at
   *     checkpoints)
   * @param recordInterval if positive, sample the start of every record whose ordinal is a multiple
   *     of it instead (plain or gzip): objects with the same number of records then share cut
   *     points, which is what keeps paired files in lockstep
   */
  BoundaryCollector(
      RecordScanner scanner,
      DelimitedFormat.HeaderRule headerRule,
      long spacing,
      long recordInterval,
      String format,
      Object source) {
    this.scanner = scanner;
    this.headerRule = headerRule;
    this.spacing = spacing;
    this.recordInterval = recordInterval;
    this.format = format;
    this.source = source;
    this.builder = new RecordBoundaries.Builder(0, spacing > 0 ? spacing : Long.MAX_VALUE / 4);
    this.inHeader = headerRule != DelimitedFormat.HeaderRule.NONE;
    if (!inHeader) {
      start(0);
    }
  }

  private void start(long offset) {
    dataStart = offset;
    inHeader = false;
    builder = new RecordBoundaries.Builder(offset, spacing > 0 ? spacing : Long.MAX_VALUE / 4);
  }

  @Override
  public void checkpoint(int index, long uncompressedOffset) {
    if (recordInterval > 0) {
      return;
    }
    if (atRecordStart && !inHeader && recordStart == uncompressedOffset) {
      sample(uncompressedOffset);
    } else {
      pendingCheckpoint = uncompressedOffset;
    }
  }

  @Override
  public void data(byte[] buf, int off, int len) throws MalformedDataException {
    int i = off;
    int to = off + len;
    while (i < to) {
      if (atRecordStart) {
        atRecordStart = false;
        if (inHeader
            && !(headerRule == DelimitedFormat.HeaderRule.HASH_LINES && buf[i] == '#')
            && !(headerRule == DelimitedFormat.HeaderRule.FIRST_RECORD && recordStart == 0)) {
          start(recordStart);
        }
      }
      int end;
      try {
        end = scanner.findRecordEnd(buf, i, to);
      } catch (RecordScanner.RecordSyntaxException e) {
        throw MalformedDataException.at(
            format, source, position + Math.max(e.index(), i) - off, e.getMessage());
      }
      int stop = end < 0 ? to : end + 1;
      if (inHeader && headerText.size() < MAX_HEADER_TEXT) {
        headerText.write(buf, i, Math.min(stop - i, MAX_HEADER_TEXT - headerText.size()));
      }
      if (end < 0) {
        break;
      }
      long next = position + (end + 1 - off);
      if (!inHeader) {
        records++;
      }
      recordStart = next;
      atRecordStart = true;
      if (next >= stopAt) {
        stopped = true; // the next record starts past the chunk: not ours
        return;
      }
      if (!inHeader) {
        if (recordInterval > 0) {
          if ((baseOrdinal + records) % recordInterval == 0) {
            builder.add(next, records);
          }
        } else if (spacing > 0) {
          builder.recordStart(next, records);
        } else if (pendingCheckpoint >= 0 && next >= pendingCheckpoint) {
          sample(next);
        }
      }
      i = end + 1;
    }
    position += len;
  }

  private void sample(long offset) {
    pendingCheckpoint = -1;
    if (offset > builder.lastOffset()) {
      builder.add(offset, records);
    }
  }

  /** Ends the pass at {@code end} bytes; returns the boundaries. */
  RecordBoundaries finish(long end) throws MalformedDataException {
    boolean pending = recordStart < end;
    boolean lastIsRecord;
    try {
      lastIsRecord = scanner.finish(pending);
    } catch (RecordScanner.RecordSyntaxException e) {
      throw MalformedDataException.at(format, source, recordStart, e.getMessage());
    }
    if (inHeader) {
      // everything was header (or the object is empty)
      start(end);
    } else if (lastIsRecord) {
      records++;
    }
    return builder.finish(end, records);
  }

  /**
   * Counts sampling-grid ordinals from {@code ordinal} (the ordinal of this stream's first record
   * in the whole object), for chunks scanned in parallel; the samples' ordinals stay local.
   */
  void baseOrdinal(long ordinal) {
    this.baseOrdinal = ordinal;
  }

  /**
   * Ends the collection at the first record end at or after {@code offset} (for a chunk: the record
   * that crosses its end is its last); the bytes after it are then ignored.
   */
  void stopAt(long offset) {
    this.stopAt = offset;
  }

  /**
   * Whether a record ended at or after the {@link #stopAt} offset; then it ended at {@link
   * #recordsEnd}.
   */
  boolean stopped() {
    return stopped;
  }

  /** Where the last record seen so far ends (the next one starts). */
  long recordsEnd() {
    return recordStart;
  }

  /** Whether the header has ended (the first data record has started). */
  boolean headerDone() {
    return !inHeader;
  }

  long dataStart() {
    return dataStart;
  }

  String headerText() {
    String s = headerText.toString(StandardCharsets.UTF_8);
    while (s.endsWith("\n") || s.endsWith("\r")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }
}
