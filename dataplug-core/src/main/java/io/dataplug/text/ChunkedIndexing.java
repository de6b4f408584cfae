package io.dataplug.text;

import io.dataplug.codec.gzip.BgzfBlocks;
import io.dataplug.format.Compression;
import io.dataplug.format.ParallelIndexing.Chunk;
import io.dataplug.format.ParallelIndexing.ChunkSummary;
import io.dataplug.format.Preprocessing;
import io.dataplug.storage.ExtendingRangeStream;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chunked index pass of a {@link DelimitedFormat} (its {@code ParallelIndexing}): cutting the
 * object into chunks, scanning a chunk on a worker (its record starts, or for BGZF its block
 * headers), and combining the chunks' summaries into the record index on the driver.
 */
final class ChunkedIndexing {
  /** What a chunk of a plain object looks for. */
  static final String RECORDS = "records";

  /** What a chunk of a BGZF object on the fast path looks for: its block table. */
  static final String BGZF_BLOCKS = "bgzf_blocks";

  private final DelimitedFormat format;

  ChunkedIndexing(DelimitedFormat format) {
    this.format = format;
  }

  /**
   * Chunks for a parallel index pass: plain objects whose records can be found mid-stream (knowing,
   * where the format needs it, the parser's state at the chunk start from a first pass).
   */
  List<Chunk> chunks(Preprocessing job, int count) throws IOException {
    Map<String, String> options = job.options();
    long size = job.metadata().size();
    String kind = RECORDS;
    if (count < 2 || size < count * 4096L) {
      return List.of();
    } else if (Compression.isGzip(job)) {
      if (!format.bgzfFastPath(options) || !Compression.isBgzf(job) || Compression.hasGzi(job)) {
        return List.of(); // one inflating pass (or an imported .gzi, which needs no pass)
      }
      kind = BGZF_BLOCKS;
    } else if (!format.chunkable(options)) {
      return List.of();
    }
    List<Chunk> chunks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      chunks.add(
          new Chunk(
              format.id(),
              job.location().toString(),
              job.metadata().etag(),
              size,
              job.storeConfig(),
              options,
              kind,
              i,
              size * i / count,
              size * (i + 1) / count,
              -1,
              -1));
    }
    return chunks;
  }

  /**
   * Two passes where records are sampled on a grid of ordinals: the first counts each chunk's
   * records.
   */
  boolean twoPasses(Chunk chunk) {
    return chunk.kind().equals(RECORDS) && format.recordInterval(chunk.options()) > 0;
  }

  /**
   * Gives each chunk the ordinal of its first record and, from the chunks' state maps, the state at
   * its start.
   */
  List<Chunk> secondPass(List<Chunk> chunks, List<ChunkSummary> firstPass) {
    List<Chunk> second = new ArrayList<>(chunks.size());
    long base = 0;
    int state = 0;
    for (int i = 0; i < chunks.size(); i++) {
      ChunkSummary summary = firstPass.get(i);
      boolean stateful = summary.exitStates().length > 0;
      second.add(chunks.get(i).withEntry(stateful ? 0 : base, stateful ? state : -1));
      base += summary.records();
      if (stateful) {
        state = summary.exitStates()[state];
      }
    }
    return second;
  }

  /**
   * Scans the records that start in the chunk (resynchronising at its start), sampling record
   * starts.
   */
  ChunkSummary scan(Chunk chunk, RangeReader object) throws IOException {
    ObjectLocation location = object.location();
    if (chunk.kind().equals(BGZF_BLOCKS)) {
      List<long[]> blocks = BgzfBlocks.blocksIn(object, chunk.size(), chunk.start(), chunk.end());
      long[] starts = new long[blocks.size()];
      long[] sizes = new long[blocks.size()];
      long length = 0;
      for (int i = 0; i < blocks.size(); i++) {
        starts[i] = blocks.get(i)[0];
        sizes[i] = blocks.get(i)[1];
        length += blocks.get(i)[2];
      }
      return new ChunkSummary(
          chunk.index(),
          blocks.isEmpty() ? chunk.end() : starts[0],
          length,
          blocks.size(),
          starts,
          sizes,
          -1,
          "",
          new int[0],
          new double[0]);
    }
    long from = chunk.start() > 0 ? chunk.start() - 1 : 0;
    InputStream raw =
        new ExtendingRangeStream(
            object,
            from,
            Math.min(chunk.size(), chunk.end() + DelimitedFormat.RESYNC_TAIL),
            chunk.size());
    DelimitedFormat.HeaderRule rule =
        chunk.index() == 0 ? format.headerRule(chunk.options()) : DelimitedFormat.HeaderRule.NONE;
    long interval =
        chunk.baseOrdinal() < 0 ? Long.MAX_VALUE / 4 : format.recordInterval(chunk.options());
    BoundaryCollector collector =
        new BoundaryCollector(
            format.newScanner(chunk.options()),
            rule,
            DelimitedFormat.spacingOption(
                chunk.options(), DelimitedFormat.defaultSpacing(chunk.size())),
            interval,
            format.id(),
            location);
    collector.baseOrdinal(Math.max(0, chunk.baseOrdinal()));
    long length = 0;
    long first;
    // one scan of the records: the collector follows them and stops after the one crossing the
    // chunk end
    try (ResyncStream records =
        new ResyncStream(
            raw,
            from,
            chunk.start(),
            chunk.end(),
            format.chunkStartFinder(chunk),
            null,
            format.id(),
            location)) {
      first = records.firstRecordOffset();
      if (first < chunk.end()) {
        collector.stopAt(chunk.end() - first);
        byte[] buf = new byte[DelimitedFormat.BUFFER];
        int n;
        while (!collector.stopped() && (n = records.read(buf, 0, buf.length)) > 0) {
          collector.data(buf, 0, n);
          length += n;
        }
        if (collector.stopped()) {
          length = collector.recordsEnd();
        }
      }
    }
    RecordBoundaries local = collector.finish(length);
    int inner = Math.max(0, local.size() - 2);
    long[] offsets = new long[inner];
    long[] ordinals = new long[inner];
    for (int i = 0; i < inner; i++) {
      offsets[i] = first + local.offset(i + 1);
      ordinals[i] = local.ordinal(i + 1);
    }
    long headerLength =
        rule == DelimitedFormat.HeaderRule.NONE
            ? -1
            : collector.headerDone() ? first + collector.dataStart() : -2;
    return new ChunkSummary(
        chunk.index(),
        first,
        length,
        local.records(),
        offsets,
        ordinals,
        headerLength,
        rule == DelimitedFormat.HeaderRule.NONE ? "" : collector.headerText(),
        new int[0],
        new double[0]);
  }

  /** Global record ordinals from the chunks' counts; checks that their records tile the object. */
  void combine(Preprocessing job, List<ChunkSummary> summaries) throws IOException {
    List<ChunkSummary> sorted = new ArrayList<>(summaries);
    sorted.sort(java.util.Comparator.comparingInt(ChunkSummary::index));
    if (Compression.isGzip(job)) {
      List<long[]> blocks = new ArrayList<>();
      for (ChunkSummary s : sorted) {
        for (int i = 0; i < s.sampleOffsets().length; i++) {
          long next =
              i + 1 < s.sampleOffsets().length
                  ? s.sampleOffsets()[i + 1]
                  : s.firstRecord() + s.length();
          blocks.add(
              new long[] {
                s.sampleOffsets()[i], s.sampleOrdinals()[i], next - s.sampleOffsets()[i]
              });
        }
      }
      if (!format.preprocessBgzf(
          job, format.newScanner(job.options()), format.headerRule(job.options()), blocks)) {
        throw new IllegalStateException(
            "record starts cannot be found mid-stream in " + job.location());
      }
      job.attribute("index_pass", "parallel, " + sorted.size() + " chunks");
      return;
    }
    DelimitedFormat.HeaderRule rule = format.headerRule(job.options());
    ChunkSummary head = sorted.get(0);
    long dataStart = 0;
    if (rule != DelimitedFormat.HeaderRule.NONE) {
      if (head.headerLength() < 0) {
        throw new IllegalStateException("the header runs past the first chunk");
      }
      dataStart = head.headerLength();
    }
    RecordBoundaries.Builder builder = new RecordBoundaries.Builder(dataStart, 1);
    long base = 0;
    long next = head.firstRecord();
    for (ChunkSummary s : sorted) {
      if (s.length() == 0) {
        continue;
      }
      if (s.firstRecord() != next) {
        throw new IllegalStateException(
            "chunk " + s.index() + " starts at " + s.firstRecord() + ", not " + next);
      }
      boolean onGrid =
          format.recordInterval(job.options()) <= 0
              || base % format.recordInterval(job.options()) == 0;
      if (s.index() > 0 && onGrid && s.firstRecord() > builder.lastOffset()) {
        builder.add(
            s.firstRecord(),
            base); // a cut point at the chunk start (only on the ordinal grid, if any)
      }
      for (int i = 0; i < s.sampleOffsets().length; i++) {
        if (s.sampleOffsets()[i] > builder.lastOffset()) {
          builder.add(s.sampleOffsets()[i], base + s.sampleOrdinals()[i]);
        }
      }
      base += s.records();
      next = s.firstRecord() + s.length();
    }
    long size = job.metadata().size();
    if (next != size && head.length() > 0) {
      throw new IllegalStateException("the chunks' records end at " + next + ", not at " + size);
    }
    RecordBoundaries boundaries = builder.finish(size, base);
    job.putBlob(DelimitedFormat.BOUNDARIES, boundaries.toBytes());
    job.attribute("compression", "none");
    job.attribute("index_points", boundaries.size());
    job.attribute("index_pass", "parallel, " + sorted.size() + " chunks");
    job.summary(
        new RecordIndexSummary(
            boundaries.records(),
            dataStart,
            rule == DelimitedFormat.HeaderRule.NONE ? "" : head.headerText()));
  }
}
