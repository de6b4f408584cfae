package io.dataplug.formats.geospatial.las;

import io.dataplug.format.Detection;
import io.dataplug.format.FormatInfo;
import io.dataplug.format.IndexView;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSpec;
import io.dataplug.format.SliceSummary;
import io.dataplug.format.SummarizingFormat;
import io.dataplug.format.WritingFormat;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.ObjectRef;
import io.dataplug.slice.SliceHint;
import io.dataplug.slice.SliceRange;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * LAS and LAZ point clouds (1.0–1.4, point formats 0–10), cut into tiles of their extent.
 *
 * <p>The index alongside: for LAS, the point runs of each cell of a grid ({@link LasCellIndex}, the
 * idea of LAStools' {@code .lax}); for LAZ, every chunk's bounds (each chunk decoded once, x, y and
 * z only; on an executor, groups of chunks in parallel: {@link LazIndexing}). A tile reads only the
 * runs or chunks that can hold its points, and yields its own points — those in its half-open box
 * (the last column and row closed at the extent's maximum), so a point on a shared border is in
 * exactly one tile — plus, for a buffered request, the points within the buffer, flagged as buffer
 * points and never counted as the tile's own.
 *
 * <p>Records are {@link LasTile}s: one batch of points per range read.
 */
public final class LasFormat implements SummarizingFormat, WritingFormat, ParallelIndexing {
  static final String CELLS = "cells";
  static final String CHUNKS = "chunks";
  private static final int READ_POINTS = 1 << 16;

  @Override
  public String id() {
    return "las";
  }

  @Override
  public FormatInfo info() {
    return new FormatInfo(
        "LAS/LAZ point clouds (1.0-1.4, point formats 0-10); a record is a batch of a tile's points",
        2,
        List.of(
            PartitionRequest.Kind.SLICES,
            PartitionRequest.Kind.RECORDS,
            PartitionRequest.Kind.TILES,
            PartitionRequest.Kind.TILE_SIZE,
            PartitionRequest.Kind.BOUNDING_BOX,
            PartitionRequest.Kind.POLYGON,
            PartitionRequest.Kind.BUFFER),
        List.of(),
        LasTileHint.class);
  }

  @Override
  public int detect(String name, byte[] head) {
    if (head.length >= 4 && head[0] == 'L' && head[1] == 'A' && head[2] == 'S' && head[3] == 'F') {
      return 3;
    }
    return Detection.hasExtension(name, ".las", ".laz") ? 2 : 0;
  }

  /**
   * What the index knows: the points and their actual extent.
   *
   * @param records the number of points
   * @param pointFormat the point data record format
   * @param compressed LAZ or LAS
   * @param pointDataOffset where the point records (or the LAZ chunk table offset) start
   * @param recordLength bytes per uncompressed point record
   * @param minX smallest x of the points (as are the others: found in them, not the header's claim)
   */
  public record LasIndexSummary(
      long records,
      int pointFormat,
      boolean compressed,
      long pointDataOffset,
      int recordLength,
      double minX,
      double minY,
      double minZ,
      double maxX,
      double maxY,
      double maxZ) {
    public LasIndexSummary {
      if (records < 0) {
        throw new IllegalArgumentException("records is negative: " + records);
      }
    }
  }

  /**
   * A tile's decode hint.
   *
   * @param minX the tile's box (in CRS units)
   * @param lastColumn whether the box is closed at {@code maxX} (the grid's last column)
   * @param lastRow whether it is closed at {@code maxY}
   * @param buffer the buffer distance (0: none)
   * @param points for LAZ, the points of each range (chunk) read; for COPC, of each range after the
   *     header's (a node); empty for LAS
   * @param polygon for a polygon request, the polygon as WKT (the box is its envelope), else null
   * @param chip for a request of at most k points per slice, the points this slice keeps (the box
   *     is then only the extent of its cells or chunks); null for tiles
   * @param readers for LAZ tiles, how many slices of the partition read each range (chunk), so that
   *     a chunk read by several is decoded once per JVM ({@link LazChunkCache}); empty when unknown
   *     (every range then counts as read by this slice alone)
   */
  public record LasTileHint(
      double minX,
      double minY,
      double maxX,
      double maxY,
      boolean lastColumn,
      boolean lastRow,
      double buffer,
      List<Long> points,
      @Nullable String polygon,
      @Nullable LasChip chip,
      List<Integer> readers)
      implements SliceHint {
    private static final long serialVersionUID = 3L;

    public LasTileHint {
      points = List.copyOf(points);
      // a hint written before the field existed has none
      readers = readers == null ? List.of() : List.copyOf(readers);
      if (!readers.isEmpty() && readers.size() != points.size()) {
        throw new IllegalArgumentException(
            readers.size() + " reader counts for " + points.size() + " ranges");
      }
    }

    /** A chip or tile without reader counts. */
    public LasTileHint(
        double minX,
        double minY,
        double maxX,
        double maxY,
        boolean lastColumn,
        boolean lastRow,
        double buffer,
        List<Long> points,
        @Nullable String polygon,
        @Nullable LasChip chip) {
      this(minX, minY, maxX, maxY, lastColumn, lastRow, buffer, points, polygon, chip, List.of());
    }

    /** A tile (no chip). */
    public LasTileHint(
        double minX,
        double minY,
        double maxX,
        double maxY,
        boolean lastColumn,
        boolean lastRow,
        double buffer,
        List<Long> points,
        @Nullable String polygon) {
      this(minX, minY, maxX, maxY, lastColumn, lastRow, buffer, points, polygon, null, List.of());
    }

    /**
     * Whether {@code (x, y)} lies in this tile's own half-open box (closed at the maximum for the
     * grid's last column and row), so that of a grid's tiles exactly one owns it.
     */
    public boolean owns(double x, double y) {
      return x >= minX
          && (x < maxX || lastColumn && x == maxX)
          && y >= minY
          && (y < maxY || lastRow && y == maxY);
    }

    boolean buffers(double x, double y) {
      return buffer > 0
          && x >= minX - buffer
          && x <= maxX + buffer
          && y >= minY - buffer
          && y <= maxY + buffer;
    }

    /**
     * Whether a closed box {@code [minX, maxX] × [minY, maxY]} (a chunk's or node's extent) meets
     * this tile with its buffer, so that its points must be read.
     */
    boolean meets(double minX, double minY, double maxX, double maxY) {
      return maxX >= this.minX - buffer
          && minX <= this.maxX + buffer
          && maxY >= this.minY - buffer
          && minY <= this.maxY + buffer;
    }

    /** Whether the chunk's extent meets this tile with its buffer. */
    boolean meets(LazChunkBounds c) {
      return meets(c.minX(), c.minY(), c.maxX(), c.maxY());
    }

    /** This tile with the point counts of the ranges it reads. */
    public LasTileHint withPoints(List<Long> points) {
      return withPoints(points, List.of());
    }

    /** This tile with the point counts of the ranges it reads and how many slices read each. */
    public LasTileHint withPoints(List<Long> points, List<Integer> readers) {
      return new LasTileHint(
          minX, minY, maxX, maxY, lastColumn, lastRow, buffer, points, polygon, chip, readers);
    }

    /** How many slices of the partition read range {@code range} (1 when unknown). */
    int readersOf(int range) {
      return readers.isEmpty() ? 1 : readers.get(range);
    }
  }

  @Override
  public void preprocess(Preprocessing job) throws IOException {
    LasHeader header = LasHeader.read(job.reader());
    if (header.compressed()) {
      LazIndexing.preprocess(job, header);
      return;
    }
    double[] ext = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    // one pass: the grid spans the header's stated extent (points outside it go to the border
    // cells), and the points' actual extent is recorded for tiling
    Bounds3d stated = header.bounds();
    LasCellIndex.Builder cells =
        new LasCellIndex.Builder(
            stated.minX(), stated.minY(), stated.maxX(), stated.maxY(), header.pointCount());
    long done = 0;
    while (done < header.pointCount()) {
      int n = (int) Math.min(READ_POINTS, header.pointCount() - done);
      PointBatch batch = LasPoints.read(job.reader(), header, done, n, PointColumn.xyzOnly());
      extent(batch, ext);
      cells.add(batch.x(), batch.y(), batch.size());
      done += n;
      job.progress(header.offsetToPointData() + done * header.pointRecordLength());
    }
    LasCellIndex built = cells.build();
    job.putBlob(CELLS, built.toBytes());
    job.attribute("cells", built.grid.columns() + "x" + built.grid.rows());
    job.summary(summaryOf(header, ext));
  }

  /** The summary of the header's points whose extent is {@code ext} (min x, y, z, max x, y, z). */
  static LasIndexSummary summaryOf(LasHeader header, double[] ext) {
    return new LasIndexSummary(
        header.pointCount(),
        header.pointFormat(),
        header.compressed(),
        header.offsetToPointData(),
        header.pointRecordLength(),
        ext[0],
        ext[1],
        ext[2],
        ext[3],
        ext[4],
        ext[5]);
  }

  /** LAZ only: groups of chunks decoded on workers, their bounds combined here. */
  @Override
  public List<Chunk> chunks(Preprocessing job, int count) throws IOException {
    LasHeader header = LasHeader.read(job.reader());
    return header.compressed() ? LazIndexing.chunks(job, header, count, id()) : List.of();
  }

  @Override
  public ChunkSummary scan(Chunk chunk, RangeReader object) throws IOException {
    return LazIndexing.scan(chunk, object);
  }

  @Override
  public void combine(Preprocessing job, List<ChunkSummary> summaries) throws IOException {
    LazIndexing.combine(job, LasHeader.read(job.reader()), summaries);
  }

  /** Widens {@code ext} by the batch's points. */
  private static void extent(PointBatch batch, double[] ext) {
    double[] b = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    for (int i = 0; i < batch.size(); i++) {
      b[0] = Math.min(b[0], batch.x()[i]);
      b[1] = Math.min(b[1], batch.y()[i]);
      b[2] = Math.min(b[2], batch.z()[i]);
      b[3] = Math.max(b[3], batch.x()[i]);
      b[4] = Math.max(b[4], batch.y()[i]);
      b[5] = Math.max(b[5], batch.z()[i]);
    }
    for (int k = 0; k < 3; k++) {
      ext[k] = Math.min(ext[k], b[k]);
      ext[k + 3] = Math.max(ext[k + 3], b[k + 3]);
    }
  }

  @Override
  public List<SliceSpec> partition(IndexView index, PartitionRequest request) throws IOException {
    LasIndexSummary s = index.summary(LasIndexSummary.class);
    double buffer = 0;
    PartitionRequest tiles = request;
    if (request instanceof PartitionRequest.Buffered b) {
      buffer = b.distance();
      tiles = b.tiles();
    }
    if (tiles instanceof PartitionRequest.Slices n) {
      tiles = PartitionRequest.TileGrid.of(n.count());
    }
    if (tiles instanceof PartitionRequest.RecordsPerSlice k) {
      if (request instanceof PartitionRequest.Buffered) {
        throw new IllegalArgumentException(
            "A buffer is added to tiles (--tiles, --tile-size, --bbox, --polygon), not to slices"
                + " of at most k points");
      }
      return s.compressed()
          ? LasChipper.chips(
              s, LazChunkBounds.parse(index.blob(CHUNKS), index.blobLocation(CHUNKS)), k.records())
          : LasChipper.chips(
              s,
              LasCellIndex.parse(index.blob(CELLS), index.blobLocation(CELLS), s.records()),
              k.records());
    }
    List<LasTileHint> boxes =
        s.records() == 0
            ? List.of(new LasTileHint(0, 0, 0, 0, true, true, buffer, List.of(), null))
            : TileBoxes.of(tiles, s.minX(), s.minY(), s.maxX(), s.maxY(), buffer);
    List<SliceSpec> specs = new ArrayList<>(boxes.size());
    if (s.compressed()) {
      List<LazChunkBounds> chunks =
          LazChunkBounds.parse(index.blob(CHUNKS), index.blobLocation(CHUNKS));
      int[] readers = new int[chunks.size()];
      for (LasTileHint box : boxes) {
        for (int c = 0; c < chunks.size(); c++) {
          readers[c] += box.meets(chunks.get(c)) ? 1 : 0;
        }
      }
      for (LasTileHint box : boxes) {
        List<SliceRange> ranges = new ArrayList<>();
        List<Long> points = new ArrayList<>();
        List<Integer> readBy = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
          LazChunkBounds c = chunks.get(i);
          if (box.meets(c)) {
            ranges.add(new SliceRange(0, c.offset(), c.length()));
            points.add(c.points());
            readBy.add(readers[i]);
          }
        }
        specs.add(new SliceSpec(List.of(), ranges, box.withPoints(points, readBy)));
      }
    } else {
      LasCellIndex cells =
          LasCellIndex.parse(index.blob(CELLS), index.blobLocation(CELLS), s.records());
      for (LasTileHint box : boxes) {
        List<ByteRange> ranges = new ArrayList<>();
        for (long[] run :
            closeSmallestGaps(
                cells.runsMeeting(
                    box.minX() - box.buffer(),
                    box.minY() - box.buffer(),
                    box.maxX() + box.buffer(),
                    box.maxY() + box.buffer()),
                MAX_RANGES)) {
          ranges.add(
              new ByteRange(
                  s.pointDataOffset() + run[0] * s.recordLength(), run[1] * s.recordLength()));
        }
        specs.add(SliceSpec.of(ranges, box));
      }
    }
    return specs;
  }

  /**
   * At most {@code max} runs: the smallest gaps between sorted runs are closed (their points are
   * fetched and dropped by the reader), so a slice stays small however scattered its cells' runs.
   */
  static List<long[]> closeSmallestGaps(List<long[]> runs, int max) {
    if (runs.size() <= max) {
      return runs;
    }
    long[] gaps = new long[runs.size() - 1];
    for (int i = 1; i < runs.size(); i++) {
      gaps[i - 1] = runs.get(i)[0] - (runs.get(i - 1)[0] + runs.get(i - 1)[1]);
    }
    long[] sorted = gaps.clone();
    java.util.Arrays.sort(sorted);
    long threshold = sorted[runs.size() - max - 1];
    List<long[]> out = new ArrayList<>();
    long[] current = runs.get(0).clone();
    int closable = runs.size() - max;
    for (int i = 1; i < runs.size(); i++) {
      long[] r = runs.get(i);
      if (closable > 0 && gaps[i - 1] <= threshold) {
        current[1] = r[0] + r[1] - current[0];
        closable--;
      } else {
        out.add(current);
        current = r.clone();
      }
    }
    out.add(current);
    return out;
  }

  /** Ranges a LAS tile reads at most (its JSON stays under 1 KB). */
  static final int MAX_RANGES = 24;

  @Override
  public Map<String, Long> summarize(SliceContext slice) throws IOException {
    return summary(slice).counts();
  }

  /**
   * Counts the tile's own points ({@code records}) and its buffer points ({@code buffer_points}),
   * and reports the ranges {@code x}, {@code y}, {@code z} of its own points (none when it has no
   * own points). For LAZ, also the chunks the slice decoded ({@code chunks_decoded}) and those it
   * took decoded from another slice in the same JVM ({@code chunks_cached}, {@link LazChunkCache}).
   */
  @Override
  public SliceSummary summary(SliceContext slice) throws IOException {
    TileReader reader = new TileReader(slice);
    SliceSummary s = LasTile.summary(reader);
    return new SliceSummary(reader.withChunkCounts(s.counts()), s.ranges());
  }

  @Override
  public String fileExtension() {
    return ".las";
  }

  /**
   * Writes the tile as an uncompressed LAS file of the source's version and point format ({@link
   * LasWriter}): its own points and, for a buffered request, its buffer points with the withheld
   * flag set (as LAStools' {@code lastile -flag_as_withheld} marks them; drop them with {@code
   * -drop_withheld}, lidR's {@code filter = "-drop_withheld"} or PDAL's {@code Withheld == 0}).
   * Points the source already flags withheld keep the flag, so in a source with withheld points
   * only {@code buffer_points} tells how many were added.
   *
   * @return {@code records} (own points written) and {@code buffer_points}; for LAZ also {@code
   *     chunks_decoded} and {@code chunks_cached} (as {@link #summary})
   */
  @Override
  public Map<String, Long> write(SliceContext slice, Path file) throws IOException {
    long own = 0;
    long buffered = 0;
    LasHeader header = LasHeader.read(slice.reader());
    TileReader reader = new TileReader(slice);
    try (LasWriter writer = LasWriter.create(file, header, slice.reader());
        reader) {
      while (reader.advance()) {
        LasTile t = reader.current();
        writer.write(t.points(), t.buffer());
        buffered += t.buffer().cardinality();
        own += t.ownPoints();
      }
    }
    return reader.withChunkCounts(LasTile.counts(own, buffered));
  }

  @Override
  public RecordReader<LasTile> newRecordReader(SliceContext slice) throws IOException {
    return new TileReader(slice);
  }

  /**
   * Reads a tile's ranges in order and yields its points of each: LAS runs a batch at a time, LAZ
   * chunks whole (through {@link LazChunkCache}: a chunk other slices read too is decoded once in
   * this JVM).
   */
  private static final class TileReader implements RecordReader<LasTile> {
    private final SliceContext slice;
    private final LasTileHint hint;
    private final LasHeader header;
    private final TileFilter filter;
    private final List<ByteRange> ranges;
    private int next;
    private long pointInRange;
    private long chunksDecoded;
    private long chunksCached;
    private @Nullable LasTile current;

    TileReader(SliceContext slice) throws IOException {
      this.slice = slice;
      this.hint = slice.hint(LasTileHint.class);
      this.header = LasHeader.read(slice.reader());
      this.filter = new TileFilter(hint);
      this.ranges = slice.slice().rangesOf(0);
    }

    @Override
    public boolean advance() throws IOException {
      while (next < ranges.size()) {
        ByteRange range = ranges.get(next);
        int rangeIndex = next;
        PointBatch batch;
        if (header.compressed()) {
          batch = chunk(range, rangeIndex);
          next++;
        } else {
          // large runs are read a batch at a time
          long first = (range.offset() - header.offsetToPointData()) / header.pointRecordLength();
          long inRange = range.length() / header.pointRecordLength();
          int count = (int) Math.min(READ_POINTS, inRange - pointInRange);
          batch =
              LasPoints.read(
                  slice.reader(), header, first + pointInRange, count, PointColumn.all());
          pointInRange += count;
          if (pointInRange >= inRange) {
            next++;
            pointInRange = 0;
          }
        }
        Optional<LasTile> tile = filter.apply(batch, rangeIndex);
        if (tile.isPresent()) {
          current = tile.get();
          return true;
        }
      }
      return false;
    }

    private PointBatch chunk(ByteRange range, int rangeIndex) throws IOException {
      long points = hint.points().get(rangeIndex);
      ObjectRef object = slice.slice().objects().get(0);
      LazChunkCache.Lookup chunk =
          LazChunkCache.shared()
              .get(
                  object.location(),
                  object.etag(),
                  range.offset(),
                  range.length(),
                  points,
                  PointColumn.all(),
                  hint.readersOf(rangeIndex),
                  () -> LazChunks.read(slice.reader(), header, range, points, PointColumn.all()));
      if (chunk.cached()) {
        chunksCached++;
      } else {
        chunksDecoded++;
      }
      return chunk.points();
    }

    /**
     * {@code counts} with, for LAZ, the chunks this reader decoded ({@code chunks_decoded}) and
     * took decoded from another slice ({@code chunks_cached}).
     */
    Map<String, Long> withChunkCounts(Map<String, Long> counts) {
      if (!header.compressed()) {
        return counts;
      }
      Map<String, Long> out = new LinkedHashMap<>(counts);
      out.put("chunks_decoded", chunksDecoded);
      out.put("chunks_cached", chunksCached);
      return out;
    }

    @Override
    public LasTile current() {
      return RecordReader.requireCurrent(current);
    }

    @Override
    public void close() {}
  }
}
