package io.dataplug.text;

import io.dataplug.DataSlice;
import io.dataplug.format.FormatPlugin;
import io.dataplug.format.IndexView;
import io.dataplug.format.MalformedDataException;
import io.dataplug.format.PartitionStrategy;
import io.dataplug.format.RecordReader;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.SliceHint;
import io.dataplug.format.SliceSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The shared machinery of the record-per-line formats (text, CSV): one sequential pass samples
 * record starts into {@link RecordBoundaries}; slices are cut at sampled starts, so each slice reads
 * exactly its own bytes and knows its record count.
 */
abstract class DelimitedFormat implements FormatPlugin {
  static final String BOUNDARIES = "boundaries";
  static final int BUFFER = 1 << 20;
  private static final int MAX_HEADER = 16 << 20;

  /** The scanner for the format's options. */
  abstract RecordScanner scanner(Map<String, String> options);

  /** Whether the first record is a header. */
  abstract boolean hasHeader(Map<String, String> options);

  /** The slice hint for a cut. */
  abstract SliceHint hint(RecordBoundaries.Cut cut, long headerLength, Map<String, String> options);

  @Override
  public List<PartitionStrategy> strategies() {
    return List.of(PartitionStrategy.SLICES, PartitionStrategy.BYTES);
  }

  @Override
  public int indexVersion() {
    return 1;
  }

  /** Default spacing of sampled record starts: about 16,384 points, between 64 B and 64 KiB apart. */
  static long defaultSpacing(long size) {
    return Math.max(64, Math.min(64 << 10, size / 16384));
  }

  static long spacing(Map<String, String> options, long size) {
    String s = options.get("spacing");
    if (s == null) {
      return defaultSpacing(size);
    }
    try {
      long v = Long.parseLong(s);
      if (v < 1) {
        throw new IllegalArgumentException("spacing must be at least 1: " + s);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("spacing is not a number of bytes: " + s);
    }
  }

  @Override
  public void preprocess(Preprocessing job) throws IOException {
    long size = job.metadata().size();
    RecordScanner scanner = scanner(job.options());
    boolean header = hasHeader(job.options());
    ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
    long dataStart = header ? -1 : 0;
    RecordBoundaries.Builder index = header ? null : new RecordBoundaries.Builder(0, spacing(job.options(), size));
    long records = 0;
    long pos = 0;
    long lastEnd = 0;
    byte[] buf = new byte[BUFFER];
    try (InputStream in = job.openObject()) {
      int n;
      while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
        int i = 0;
        while (i < n) {
          int end = scanner.findRecordEnd(buf, i, n);
          if (end < 0) {
            if (index == null) {
              appendHeader(headerBytes, buf, i, n - i, job);
            }
            break;
          }
          long next = pos + end + 1;
          if (index == null) {
            appendHeader(headerBytes, buf, i, end - i, job);
            dataStart = next;
            index = new RecordBoundaries.Builder(dataStart, spacing(job.options(), size));
          } else {
            records++;
            if (next >= index.nextWanted() && next < size) {
              index.recordStart(next, records);
            }
          }
          lastEnd = next;
          i = end + 1;
        }
        pos += n;
        job.progress(pos);
      }
    }
    if (pos != size) {
      throw new MalformedDataException("Read " + pos + " of " + size + " bytes of "
          + job.location() + ": the object changed during preprocessing");
    }
    if (scanner.insideQuotes()) {
      throw MalformedDataException.at(id(), job.location(), lastEnd, "a quoted field is never closed");
    }
    if (index == null) {
      // The whole object is the header (no newline after it).
      dataStart = size;
      index = new RecordBoundaries.Builder(size, spacing(job.options(), size));
    } else if (lastEnd < size) {
      records++; // the last record has no final newline
    }
    RecordBoundaries boundaries = index.finish(size, records);
    job.putBlob(BOUNDARIES, boundaries.toBytes());
    job.attribute("records", records);
    job.attribute("index_points", boundaries.size());
    if (header) {
      job.attribute("header_length", dataStart);
      job.attribute("header", stripNewline(headerBytes.toString(StandardCharsets.UTF_8)));
    }
  }

  private static String stripNewline(String s) {
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private void appendHeader(ByteArrayOutputStream header, byte[] buf, int off, int len, Preprocessing job)
      throws MalformedDataException {
    if (header.size() + len > MAX_HEADER) {
      throw MalformedDataException.at(id(), job.location(), 0,
          "the header record is longer than " + MAX_HEADER + " bytes");
    }
    header.write(buf, off, len);
  }

  @Override
  public List<SliceSpec> partition(IndexView index, PartitionStrategy strategy, long value)
      throws IOException {
    RecordBoundaries boundaries =
        RecordBoundaries.parse(index.blob(BOUNDARIES), index.blobLocation(BOUNDARIES));
    Map<String, String> options = index.manifest().options();
    long headerLength = boundaries.dataStart();
    return boundaries.cut(strategy, value).stream()
        .map(c -> new SliceSpec(List.of(c.range()), hint(c, headerLength, options)))
        .toList();
  }

  /** Turns one record's bytes (without its newline) into the format's record type. */
  @FunctionalInterface
  interface RecordDecoder<R> {
    R decode(byte[] buf, int off, int len);
  }

  /**
   * A reader over a slice's records: splits the slice's bytes with {@code scanner}, decodes each
   * record, and checks at the end that the slice held as many records as its index said.
   */
  static <R> RecordReader<R> newReader(
      DataSlice slice, long expectedRecords, RecordScanner scanner, RecordDecoder<R> decoder)
      throws IOException {
    InputStream in = slice.openRawStream();
    long offset = slice.ranges().isEmpty() ? 0 : slice.ranges().get(0).offset();
    RecordSplitter splitter = new RecordSplitter(in, scanner, slice.location(), offset, BUFFER);
    return new RecordReader<>() {
      private R current;
      private long read;

      @Override
      public boolean advance() throws IOException {
        if (!splitter.next()) {
          checkCount(slice, read, expectedRecords);
          return false;
        }
        read++;
        current = decoder.decode(splitter.buffer(), splitter.recordStart(), splitter.recordLength());
        return true;
      }

      @Override
      public R current() {
        return current;
      }

      @Override
      public long count() throws IOException {
        long n = splitter.countRemaining();
        read += n;
        checkCount(slice, read, expectedRecords);
        return n;
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  /** Fails when a slice held another number of records than its index said. */
  static void checkCount(DataSlice slice, long read, long expected) throws MalformedDataException {
    if (read != expected) {
      throw new MalformedDataException("Slice " + slice.index() + " of " + slice.location()
          + " " + slice.ranges() + " holds " + read + " records, but its index says " + expected
          + " (corrupted index?)");
    }
  }
}
