package io.dataplug.text;

import io.dataplug.DataSlice;
import io.dataplug.codec.gzip.GzipCheckpoint;
import io.dataplug.codec.gzip.GzipIndex;
import io.dataplug.codec.gzip.GzipObjects;
import io.dataplug.codec.gzip.GzipRangeStream;
import io.dataplug.codec.gzip.GzipResume;
import io.dataplug.format.FormatPlugin;
import io.dataplug.format.IndexView;
import io.dataplug.format.MalformedDataException;
import io.dataplug.format.PartitionStrategy;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceHint;
import io.dataplug.format.SliceSpec;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ExtendingRangeStream;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared machinery of record formats whose records a {@link RecordScanner} can find (text, CSV,
 * FASTQ, VCF), plain or gzip-compressed (one member, many, or BGZF). One sequential pass samples
 * record starts into {@link RecordBoundaries} (for gzip, the first record start after each
 * checkpoint of a {@link GzipIndex}); slices are cut only at those starts, so every slice starts
 * exactly on a record, knows how many it holds, and reads only its own (compressed) bytes.
 *
 * <p>Subclasses say how records end ({@link #newScanner}), which leading records are a header
 * ({@link #headerRule}) and what a record decodes to ({@link #decoder}).
 */
public abstract class DelimitedFormat implements FormatPlugin {
  /** Which leading records of an object form its header. */
  public enum HeaderRule {
    NONE,
    FIRST_RECORD,
    HASH_LINES
  }

  /** Turns one record's bytes (without its final newline) into the format's record type. */
  @FunctionalInterface
  public interface RecordDecoder<R> {
    R decode(byte[] buf, int off, int len) throws IOException;
  }

  static final String BOUNDARIES = "boundaries";
  static final int BUFFER = 1 << 20;
  /** First request size when reading a header from the start of a gzip object. */
  static final long HEADER_FETCH = 64 << 10;

  /** A new scanner for one stream, for the format's options. */
  protected abstract RecordScanner newScanner(Map<String, String> options);

  /** Which leading records are the header (default: none). */
  protected HeaderRule headerRule(Map<String, String> options) {
    return HeaderRule.NONE;
  }

  /**
   * If positive, the index samples every record whose ordinal is a multiple of this (instead of
   * sampling by bytes or at gzip checkpoints), so objects with equal record counts share cut points.
   */
  protected long recordInterval(Map<String, String> options) {
    return 0;
  }

  /** How a record's bytes become a record, for a slice with this hint. */
  protected abstract RecordDecoder<?> decoder(RecordSliceHint hint);

  /** The format's own options (shown in help); compression and spacing are added for all. */
  protected List<String> formatOptions() {
    return List.of();
  }

  @Override
  public final List<String> options() {
    List<String> all = new ArrayList<>(formatOptions());
    all.add("compression: auto (gzip if the object starts with the gzip magic), gzip or none");
    all.add("spacing: bytes between index points (plain: sampled record starts, default size/16384 "
        + "within 64 B..64 KiB; gzip: output bytes between checkpoints, default 4 MiB)");
    return all;
  }

  @Override
  public List<PartitionStrategy> strategies() {
    return List.of(PartitionStrategy.SLICES, PartitionStrategy.BYTES, PartitionStrategy.RECORDS);
  }

  @Override
  public int indexVersion() {
    return 2;
  }

  @Override
  public Class<? extends SliceHint> hintType() {
    return RecordSliceHint.class;
  }

  /** Default spacing of sampled record starts: about 16,384 points, between 64 B and 64 KiB apart. */
  static long defaultSpacing(long size) {
    return Math.max(64, Math.min(64 << 10, size / 16384));
  }

  private static long spacingOption(Map<String, String> options, long fallback) {
    String s = options.get("spacing");
    if (s == null) {
      return fallback;
    }
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("spacing is not a number of bytes: " + s);
    }
    if (v < 1) {
      throw new IllegalArgumentException("spacing must be at least 1: " + s);
    }
    return v;
  }

  @Override
  public void preprocess(Preprocessing job) throws IOException {
    Map<String, String> options = job.options();
    long size = job.metadata().size();
    RecordScanner scanner = newScanner(options);
    HeaderRule rule = headerRule(options);
    BoundaryCollector collector;
    RecordBoundaries boundaries;
    if (!GzipObjects.isGzip(job)) {
      collector = new BoundaryCollector(scanner, rule, spacingOption(options, defaultSpacing(size)),
          recordInterval(options), id(), job.location());
      long pos = 0;
      byte[] buf = new byte[BUFFER];
      try (InputStream in = job.openObject()) {
        int n;
        while ((n = in.readNBytes(buf, 0, buf.length)) > 0) {
          collector.data(buf, 0, n);
          pos += n;
          job.progress(pos);
        }
      }
      if (pos != size) {
        throw new MalformedDataException("Read " + pos + " of " + size + " bytes of " + job.location()
            + ": the object changed during preprocessing");
      }
      boundaries = collector.finish(size);
      job.attribute("compression", "none");
    } else {
      collector = new BoundaryCollector(scanner, rule, -1, recordInterval(options), id(), job.location());
      GzipIndex gz = GzipObjects.index(job, spacingOption(options, GzipObjects.DEFAULT_SPACING), collector);
      boundaries = collector.finish(gz.uncompressedSize());
    }
    job.putBlob(BOUNDARIES, boundaries.toBytes());
    job.attribute("records", boundaries.records());
    job.attribute("index_points", boundaries.size());
    if (rule != HeaderRule.NONE) {
      job.attribute("header_length", collector.dataStart());
      job.attribute("header", collector.headerText());
    }
  }

  @Override
  public List<SliceSpec> partition(IndexView index, PartitionStrategy strategy, long value) throws IOException {
    RecordBoundaries boundaries = RecordBoundaries.parse(index.blob(BOUNDARIES), index.blobLocation(BOUNDARIES));
    Map<String, String> options = index.manifest().options();
    long headerLength = boundaries.dataStart();
    List<RecordBoundaries.Cut> cuts = boundaries.cut(strategy, value);
    List<SliceSpec> specs = new ArrayList<>(cuts.size());
    GzipIndex gz = GzipObjects.read(index);
    for (RecordBoundaries.Cut c : cuts) {
      ByteRange data = c.range();
      GzipResume resume = gz == null ? null : GzipObjects.resumeFor(index, gz, data.offset());
      ByteRange fetch = gz == null ? data : GzipObjects.compressedRange(gz, resume, data.end());
      specs.add(new SliceSpec(List.of(fetch),
          new RecordSliceHint(c.firstRecord(), c.records(), data.offset(), data.length(), headerLength, options, resume)));
    }
    return specs;
  }

  @Override
  public RecordReader<?> newRecordReader(DataSlice slice, ObjectStore store) throws IOException {
    RecordSliceHint hint = slice.hint(RecordSliceHint.class);
    return newReader(slice, hint, decoder(hint));
  }

  /** Counts the slice's records (and whatever else the scanner counts, such as bases). */
  @Override
  public Map<String, Long> summarize(DataSlice slice, ObjectStore store) throws IOException {
    RecordSliceHint hint = slice.hint(RecordSliceHint.class);
    RecordScanner scanner = newScanner(hint.options());
    long records;
    try (InputStream in = openData(slice, store)) {
      records = new RecordSplitter(in, scanner, id(), slice.location(), hint.dataOffset(), BUFFER).countRemaining();
    }
    checkCount(slice, records, hint.records());
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("records", records);
    out.putAll(scanner.counters());
    return out;
  }

  @Override
  public InputStream newContentStream(DataSlice slice, ObjectStore store) throws IOException {
    return openData(slice, store);
  }

  @Override
  public InputStream newHeaderStream(DataSlice slice, ObjectStore store) throws IOException {
    RecordSliceHint hint = slice.hint(RecordSliceHint.class);
    ObjectLocation location = slice.objectLocation();
    if (hint.headerLength() == 0) {
      return InputStream.nullInputStream();
    }
    GzipResume gz = hint.gzip();
    if (gz == null) {
      return store.newStream(location, new ByteRange(0, hint.headerLength()), slice.etag());
    }
    GzipCheckpoint start = new GzipCheckpoint(gz.firstDeflateOffset(), 0, 0, 0, 0);
    InputStream compressed = new ExtendingRangeStream(store, location, slice.etag(), gz.firstDeflateOffset(),
        Math.min(gz.objectSize(), gz.firstDeflateOffset() + HEADER_FETCH), gz.objectSize());
    return new GzipRangeStream(compressed, location, start, new byte[0], 0, hint.headerLength());
  }

  /** The slice's (decompressed) bytes: exactly its records. */
  static InputStream openData(DataSlice slice, ObjectStore store) throws IOException {
    RecordSliceHint hint = slice.hint(RecordSliceHint.class);
    GzipResume gz = hint.gzip();
    if (gz == null) {
      return slice.openRawStream();
    }
    return GzipRangeStream.open(store, slice.objectLocation(), slice.etag(), slice.storeConfig(), gz,
        slice.ranges().get(0).end(), hint.dataOffset(), hint.dataLength());
  }

  /**
   * A reader over a slice's records: splits the slice's bytes with the format's scanner, decodes
   * each record, and checks at the end that the slice held as many records as its index said.
   */
  <R> RecordReader<R> newReader(DataSlice slice, RecordSliceHint hint, RecordDecoder<R> decoder) throws IOException {
    InputStream in = openData(slice, slice.store());
    RecordSplitter splitter = new RecordSplitter(in, newScanner(hint.options()), id(), slice.location(), hint.dataOffset(), BUFFER);
    return new RecordReader<>() {
      private R current;
      private long read;

      @Override
      public boolean advance() throws IOException {
        if (!splitter.next()) {
          checkCount(slice, read, hint.records());
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
        checkCount(slice, read, hint.records());
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
