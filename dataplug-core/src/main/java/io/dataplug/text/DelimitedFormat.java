package io.dataplug.text;

import io.dataplug.codec.gzip.GzipCheckpoint;
import io.dataplug.codec.gzip.GzipIndex;
import io.dataplug.codec.gzip.GzipRangeStream;
import io.dataplug.codec.gzip.GzipResume;
import io.dataplug.format.Compression;
import io.dataplug.format.ContentFormat;
import io.dataplug.format.FormatInfo;
import io.dataplug.format.IndexView;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSpec;
import io.dataplug.format.SummarizingFormat;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.SliceHint;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ExtendingRangeStream;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
public abstract class DelimitedFormat
    implements SummarizingFormat, ContentFormat, ParallelIndexing {
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

  /** Slack past the next checkpoint a resynchronising slice plans to fetch for its last record. */
  static final long RESYNC_TAIL = 64 << 10;

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
   * sampling by bytes or at gzip checkpoints), so objects with equal record counts share cut
   * points.
   */
  protected long recordInterval(Map<String, String> options) {
    return 0;
  }

  /**
   * How to find a record start in the middle of the data, for the BGZF fast path; null if records
   * cannot be found that way (CSV: a newline may be inside quotes). Default: after a newline.
   */
  protected @Nullable RecordStartFinder startFinder(Map<String, String> options) {
    return RecordStartFinder.afterNewline();
  }

  /** The finder, for paths only formats that have one reach (BGZF slices, chunk scans). */
  private RecordStartFinder requireFinder(Map<String, String> options) {
    RecordStartFinder finder = startFinder(options);
    if (finder == null) {
      throw new IllegalStateException(id() + " records cannot be found mid-stream");
    }
    return finder;
  }

  /**
   * The record hint of a slice of this format; formats whose slices carry more (VCF regions)
   * override this to unwrap theirs.
   */
  protected RecordSliceHint recordHint(DataSlice slice) {
    return slice.hint(RecordSliceHint.class);
  }

  /** How a record's bytes become a record, for a slice with this hint. */
  protected abstract RecordDecoder<?> decoder(RecordSliceHint hint);

  /** The format's own options (shown in help); compression and spacing are added for all. */
  protected List<String> formatOptions() {
    return List.of();
  }

  /** The default values of the format's own options (see {@link #optionDefaults()}). */
  protected Map<String, String> formatOptionDefaults() {
    return Map.of();
  }

  @Override
  public Map<String, String> optionDefaults() {
    Map<String, String> all = new java.util.HashMap<>(formatOptionDefaults());
    all.put("compression", "auto");
    if (startFinder(Map.of()) != null) {
      all.put("bgzf", "fast");
    }
    return Map.copyOf(all);
  }

  /** One line for {@code dataplug formats}. */
  protected abstract String description();

  @Override
  public FormatInfo info() {
    return new FormatInfo(description(), indexVersion(), requests(), options(), hintType());
  }

  private List<String> options() {
    List<String> all = new ArrayList<>(formatOptions());
    all.add("compression: auto (gzip if the object starts with the gzip magic), gzip or none");
    if (startFinder(Map.of()) != null) {
      all.add(
          "bgzf: fast (index BGZF from block headers or a .gzi, no inflating; records are found when read) or full "
              + "(a record index, needed for the records/reads strategy and paired reads); default fast");
    }
    all.add(
        "spacing: bytes between index points (plain: sampled record starts, default size/16384 "
            + "within 64 B..64 KiB; gzip: output bytes between checkpoints with a window, default "
            + "about 1,024 of them, at least 128 KiB apart; BGZF: every block)");
    return all;
  }

  /** The kinds of request supported; the first is the default. */
  protected List<PartitionRequest.Kind> requests() {
    return List.of(
        PartitionRequest.Kind.SLICES, PartitionRequest.Kind.BYTES, PartitionRequest.Kind.RECORDS);
  }

  /**
   * The index layout version. 4: gzip checkpoints follow the object's size and BGZF objects keep
   * every block (older indexes, 4 MiB or 1 MiB apart, are rebuilt).
   */
  protected int indexVersion() {
    return 4;
  }

  /** The record type of this format's slice hints. */
  protected Class<? extends SliceHint> hintType() {
    return RecordSliceHint.class;
  }

  /**
   * Default spacing of sampled record starts: about 16,384 points, between 64 B and 64 KiB apart.
   */
  static long defaultSpacing(long size) {
    return Math.max(64, Math.min(64 << 10, size / 16384));
  }

  static long spacingOption(Map<String, String> options, long fallback) {
    return Compression.spacingOption(options, fallback);
  }

  @Override
  public void preprocess(Preprocessing job) throws IOException {
    Map<String, String> options = job.options();
    long size = job.metadata().size();
    RecordScanner scanner = newScanner(options);
    HeaderRule rule = headerRule(options);
    BoundaryCollector collector;
    RecordBoundaries boundaries;
    if (!Compression.isGzip(job)) {
      collector =
          new BoundaryCollector(
              scanner,
              rule,
              spacingOption(options, defaultSpacing(size)),
              recordInterval(options),
              id(),
              job.location());
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
        throw new MalformedDataException(
            "Read "
                + pos
                + " of "
                + size
                + " bytes of "
                + job.location()
                + ": the object changed during preprocessing");
      }
      boundaries = collector.finish(size);
      job.attribute("compression", "none");
    } else if (bgzfFastPath(options)
        && Compression.isBgzf(job)
        && preprocessBgzf(job, scanner, rule, null)) {
      return;
    } else {
      scanner = newScanner(options);
      collector =
          new BoundaryCollector(scanner, rule, -1, recordInterval(options), id(), job.location());
      GzipIndex gz = Compression.index(job, collector);
      boundaries = collector.finish(gz.uncompressedSize());
    }
    job.putBlob(BOUNDARIES, boundaries.toBytes());
    job.attribute("index_points", boundaries.size());
    job.summary(
        new RecordIndexSummary(
            boundaries.records(),
            rule == HeaderRule.NONE ? 0 : collector.dataStart(),
            rule == HeaderRule.NONE ? "" : collector.headerText()));
  }

  /**
   * The BGZF fast path: the block table from headers (or a .gzi) and the header found by
   * decompressing only the start; no record index. First checks on the first records that a record
   * start can be found mid-stream (not so for wrapped FASTQ); returns false, having stored nothing,
   * if it cannot, and the caller runs the full pass.
   */
  boolean preprocessBgzf(
      Preprocessing job, RecordScanner scanner, HeaderRule rule, @Nullable List<long[]> chunkBlocks)
      throws IOException {
    BoundaryCollector collector =
        new BoundaryCollector(scanner, rule, Long.MAX_VALUE / 4, 0, id(), job.location());
    java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
    try (InputStream in =
        new GzipRangeStream(
            job.openObject(),
            job.location(),
            new GzipCheckpoint(0, 0, 0, 0, 0),
            new byte[0],
            0,
            Long.MAX_VALUE)) {
      byte[] buf = new byte[64 << 10];
      long pos = 0;
      int n;
      while ((!collector.headerDone() || pos - collector.dataStart() < RESYNC_CHECK)
          && (n = in.read(buf)) > 0) {
        if (!collector.headerDone()) {
          collector.data(buf, 0, n);
        }
        long keepFrom = collector.headerDone() ? Math.max(0, collector.dataStart() - pos) : n;
        if (keepFrom < n) {
          data.write(buf, (int) keepFrom, n - (int) keepFrom);
        }
        pos += n;
      }
      if (!collector.headerDone()) {
        collector.finish(pos);
      }
    }
    if (!resyncAgrees(
        data.toByteArray(), requireFinder(job.options()), newScanner(job.options()))) {
      job.attribute("bgzf", "full pass: record starts cannot be found mid-stream in this data");
      return false;
    }
    GzipIndex gz =
        chunkBlocks == null ? Compression.bgzfIndex(job) : Compression.bgzfIndex(job, chunkBlocks);
    job.putBlob(Compression.INDEX_BLOB, gz.toBytes());
    job.putBlob(Compression.WINDOWS_BLOB, new byte[0]);
    job.attribute(
        "index",
        "bgzf blocks; records are found when slices are read (-o bgzf=full for a record index)");
    job.summary(
        new RecordIndexSummary(
            -1,
            rule == HeaderRule.NONE ? 0 : collector.dataStart(),
            rule == HeaderRule.NONE ? "" : collector.headerText()));
    return true;
  }

  /** Bytes of data checked at the start of a BGZF object before taking the fast path. */
  private static final long RESYNC_CHECK = 1 << 20;

  /**
   * Whether, starting one byte into the data, the finder lands on the second record start, as the
   * scanner sees it (true when the data holds fewer than two records).
   */
  private static boolean resyncAgrees(
      byte[] data, RecordStartFinder finder, RecordScanner scanner) {
    int firstEnd;
    try {
      firstEnd = scanner.findRecordEnd(data, 0, data.length);
    } catch (RecordScanner.RecordSyntaxException e) {
      return true; // the full pass would fail the same way; let reading report it
    }
    if (firstEnd < 0 || firstEnd + 1 >= data.length) {
      return true;
    }
    try {
      // the finder sees the data from one byte before a slice starting at offset 1
      return finder.find(data, data.length, true) == firstEnd + 1;
    } catch (RecordScanner.RecordSyntaxException e) {
      return false;
    }
  }

  /** Whether BGZF objects take the fast path (block table, records found when read). */
  boolean bgzfFastPath(Map<String, String> options) {
    return startFinder(options) != null && !"full".equals(options.getOrDefault("bgzf", "fast"));
  }

  /** Whether a parallel index pass can find each chunk's first record. */
  protected boolean chunkable(Map<String, String> options) {
    return startFinder(options) != null;
  }

  /** How a chunk finds its first record: by default as slices do, {@link #startFinder}. */
  protected RecordStartFinder chunkStartFinder(Chunk chunk) {
    return requireFinder(chunk.options());
  }

  /** The chunked index pass: {@link ChunkedIndexing} does the work. */
  private final ChunkedIndexing chunked = new ChunkedIndexing(this);

  @Override
  public List<Chunk> chunks(Preprocessing job, int count) throws IOException {
    return chunked.chunks(job, count);
  }

  @Override
  public boolean twoPasses(Chunk chunk) {
    return chunked.twoPasses(chunk);
  }

  @Override
  public List<Chunk> secondPass(List<Chunk> chunks, List<ChunkSummary> firstPass) {
    return chunked.secondPass(chunks, firstPass);
  }

  @Override
  public ChunkSummary scan(Chunk chunk, RangeReader object) throws IOException {
    return chunked.scan(chunk, object);
  }

  @Override
  public void combine(Preprocessing job, List<ChunkSummary> summaries) throws IOException {
    chunked.combine(job, summaries);
  }

  @Override
  public List<SliceSpec> partition(IndexView index, PartitionRequest request) throws IOException {
    if (!index.manifest().blobs().containsKey(BOUNDARIES)) {
      return partitionResync(index, request);
    }
    RecordBoundaries boundaries =
        RecordBoundaries.parse(index.blob(BOUNDARIES), index.blobLocation(BOUNDARIES));
    Map<String, String> options = index.manifest().options();
    long headerLength = boundaries.dataStart();
    List<RecordBoundaries.Cut> cuts = boundaries.cut(request);
    List<SliceSpec> specs = new ArrayList<>(cuts.size());
    GzipIndex gz = Compression.read(index);
    for (RecordBoundaries.Cut c : cuts) {
      ByteRange data = c.range();
      GzipResume resume = null;
      ByteRange fetch = data;
      if (gz != null) {
        GzipResume from = Compression.resumeFor(index, gz, data.offset());
        resume = from;
        fetch = Compression.compressedRange(gz, from, data.end());
      }
      if (data.length() == 0) {
        fetch = new ByteRange(fetch.offset(), 0); // an empty object's one slice reads nothing
      }
      specs.add(
          SliceSpec.of(
              List.of(fetch),
              new RecordSliceHint(
                  c.firstRecord(),
                  c.records(),
                  data.offset(),
                  data.length(),
                  headerLength,
                  options,
                  resume,
                  false)));
    }
    return specs;
  }

  /** Slices cut at BGZF block checkpoints; each resynchronises to its first record when read. */
  private List<SliceSpec> partitionResync(IndexView index, PartitionRequest request)
      throws IOException {
    if (request instanceof PartitionRequest.RecordsPerSlice) {
      throw new IllegalArgumentException(
          "Strategy '"
              + request.kind().id()
              + "' needs a record index; preprocess "
              + index.source()
              + " again with -o bgzf=full");
    }
    GzipIndex gz = Compression.read(index);
    if (gz == null) {
      throw new IllegalStateException("No BGZF block index for " + index.source());
    }
    Map<String, String> options = index.manifest().options();
    long headerLength = index.summary(RecordIndexSummary.class).headerLength();
    RecordBoundaries.Builder points = new RecordBoundaries.Builder(headerLength, 1);
    for (GzipCheckpoint cp : gz.checkpoints()) {
      if (cp.uncompressedOffset() > headerLength) {
        points.add(cp.uncompressedOffset(), 0);
      }
    }
    long end = gz.uncompressedSize();
    long objectSize = index.manifest().source().size();
    List<SliceSpec> specs = new ArrayList<>();
    for (RecordBoundaries.Cut c : points.finish(end, 0).cut(request)) {
      long a = c.range().offset();
      long b = c.range().end();
      // the slice holds the records starting in (a, b] (in [a, b] for the first), so it reads from
      // its own first block through the block after its end, where its last record ends
      GzipResume resume = Compression.resumeFor(index, gz, a);
      long stop = b >= end ? objectSize : Math.min(objectSize, gz.compressedEndFor(b + 1));
      if (a == b) {
        stop = resume.compressedOffset(); // an empty object's one slice reads nothing
      }
      specs.add(
          SliceSpec.of(
              List.of(
                  ByteRange.between(
                      resume.compressedOffset(), Math.max(stop, resume.compressedOffset()))),
              new RecordSliceHint(-1, -1, a, b - a, headerLength, options, resume, true)));
    }
    return specs;
  }

  @Override
  public RecordReader<?> newRecordReader(SliceContext slice) throws IOException {
    RecordSliceHint hint = recordHint(slice.slice());
    return newReader(slice, hint, decoder(hint));
  }

  /** Counts the slice's records (and whatever else the scanner counts, such as bases). */
  @Override
  public Map<String, Long> summarize(SliceContext slice) throws IOException {
    RecordSliceHint hint = recordHint(slice.slice());
    RecordScanner scanner = newScanner(hint.options());
    long records;
    try (InputStream in = openData(slice)) {
      records =
          new RecordSplitter(in, scanner, id(), slice.slice().location(), hint.dataOffset(), BUFFER)
              .countRemaining();
    }
    checkCount(slice.slice(), records, hint.records());
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("records", records);
    out.putAll(scanner.counters());
    return out;
  }

  @Override
  public InputStream newContentStream(SliceContext slice) throws IOException {
    return openData(slice);
  }

  @Override
  public InputStream newHeaderStream(SliceContext slice) throws IOException {
    RecordSliceHint hint = recordHint(slice.slice());
    ObjectLocation location = slice.reader().location();
    if (hint.headerLength() == 0) {
      return InputStream.nullInputStream();
    }
    GzipResume gz = hint.gzip();
    if (gz == null) {
      return slice.reader().stream(new ByteRange(0, hint.headerLength()));
    }
    GzipCheckpoint start = new GzipCheckpoint(gz.firstDeflateOffset(), 0, 0, 0, 0);
    InputStream compressed =
        new ExtendingRangeStream(
            slice.reader(),
            gz.firstDeflateOffset(),
            Math.min(gz.objectSize(), gz.firstDeflateOffset() + HEADER_FETCH),
            gz.objectSize());
    return new GzipRangeStream(compressed, location, start, new byte[0], 0, hint.headerLength());
  }

  /** The slice's (decompressed) bytes: exactly its records. */
  InputStream openData(SliceContext slice) throws IOException {
    RecordSliceHint hint = recordHint(slice.slice());
    GzipResume gz = hint.gzip();
    if (hint.dataLength() == 0) {
      return InputStream.nullInputStream(); // nothing to fetch
    }
    if (gz == null || !hint.resync()) {
      return Compression.openCut(slice, gz, hint.dataOffset(), hint.dataLength());
    }
    // records starting in (dataOffset, end] belong to the slice ([dataOffset, end] for the first):
    // a record starting right at a cut belongs to the slice before it, which reads that far anyway
    long from = hint.dataOffset();
    long first = from > hint.headerLength() ? from + 1 : from;
    InputStream all =
        Compression.open(slice, gz, slice.slice().rangesOf(0).get(0).end(), from, Long.MAX_VALUE);
    return new ResyncStream(
        all,
        from,
        first,
        hint.dataOffset() + hint.dataLength() + 1,
        requireFinder(hint.options()),
        newScanner(hint.options()),
        id(),
        slice.slice().location());
  }

  /**
   * A reader over a slice's records: splits the slice's bytes with the format's scanner, decodes
   * each record, and checks at the end that the slice held as many records as its index said.
   */
  <R> RecordReader<R> newReader(
      SliceContext context, RecordSliceHint hint, RecordDecoder<R> decoder) throws IOException {
    DataSlice slice = context.slice();
    InputStream in = openData(context);
    RecordSplitter splitter =
        new RecordSplitter(
            in, newScanner(hint.options()), id(), slice.location(), hint.dataOffset(), BUFFER);
    return new RecordReader<>() {
      private @Nullable R current;
      private long read;

      @Override
      public boolean advance() throws IOException {
        if (!splitter.next()) {
          checkCount(slice, read, hint.records());
          return false;
        }
        read++;
        current =
            decoder.decode(splitter.buffer(), splitter.recordStart(), splitter.recordLength());
        return true;
      }

      @Override
      public R current() {
        return RecordReader.requireCurrent(current);
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

  /** Fails when a slice held another number of records than its index said (-1: not known). */
  static void checkCount(DataSlice slice, long read, long expected) throws MalformedDataException {
    if (expected >= 0 && read != expected) {
      throw new MalformedDataException(
          "Slice "
              + slice.index()
              + " of "
              + slice.location()
              + " "
              + slice.ranges()
              + " holds "
              + read
              + " records, but its index says "
              + expected
              + " (corrupted index?)");
    }
  }
}
