package io.dataplug.formats.geospatial.las;

import io.dataplug.format.Detection;
import io.dataplug.format.FormatInfo;
import io.dataplug.format.IndexView;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSpec;
import io.dataplug.format.SummarizingFormat;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.SliceHint;
import io.dataplug.slice.SliceRange;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

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
public final class LasFormat implements SummarizingFormat, ParallelIndexing {
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
        1,
        List.of(
            PartitionRequest.Kind.SLICES,
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
   * @param points for LAZ, the points of each range (chunk) read; empty for LAS
   * @param polygon for a polygon request, the polygon as WKT (the box is its envelope), else null
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
      @Nullable String polygon)
      implements SliceHint {
    private static final long serialVersionUID = 1L;

    public LasTileHint {
      points = List.copyOf(points);
    }

    boolean owns(double x, double y) {
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
    job.attribute("cells", built.columns + "x" + built.rows);
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
    List<LasTileHint> boxes = new ArrayList<>();
    if (s.records() == 0) {
      boxes.add(new LasTileHint(0, 0, 0, 0, true, true, buffer, List.of(), null));
    } else if (tiles instanceof PartitionRequest.TileGrid g) {
      grid(s, g.columns(), g.rows(), buffer, boxes);
    } else if (tiles instanceof PartitionRequest.TileSize t) {
      int columns = (int) Math.max(1, Math.ceil((s.maxX() - s.minX()) / t.width()));
      int rows = (int) Math.max(1, Math.ceil((s.maxY() - s.minY()) / t.height()));
      if ((long) columns * rows > PartitionRequest.MAX_SLICES) {
        throw new IllegalArgumentException(
            "Too many tiles: " + columns + "×" + rows + " of " + t.width() + "×" + t.height());
      }
      grid(s, columns, rows, buffer, boxes);
    } else if (tiles instanceof PartitionRequest.BoundingBox b) {
      boxes.add(
          new LasTileHint(
              b.minX(), b.minY(), b.maxX(), b.maxY(), true, true, buffer, List.of(), null));
    } else if (tiles instanceof PartitionRequest.Polygon p) {
      Geometry polygon = polygon(p.wkt());
      Envelope e = polygon.getEnvelopeInternal();
      boxes.add(
          new LasTileHint(
              e.getMinX(),
              e.getMinY(),
              e.getMaxX(),
              e.getMaxY(),
              true,
              true,
              buffer,
              List.of(),
              p.wkt()));
    } else {
      throw new IllegalArgumentException("LAS cannot be cut by '" + request.kind().id() + "'");
    }
    List<SliceSpec> specs = new ArrayList<>(boxes.size());
    if (s.compressed()) {
      byte[] blob = index.blob(CHUNKS);
      ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
      int n = in.getInt();
      if (n < 0 || blob.length != 4 + 56L * n) {
        throw new MalformedDataException(
            "Corrupted index file: " + index.blobLocation(CHUNKS) + " (" + n + " chunks)");
      }
      for (LasTileHint box : boxes) {
        List<SliceRange> ranges = new ArrayList<>();
        List<Long> points = new ArrayList<>();
        in.position(4);
        for (int i = 0; i < n; i++) {
          long offset = in.getLong();
          long length = in.getLong();
          long count = in.getLong();
          double cMinX = in.getDouble();
          double cMinY = in.getDouble();
          double cMaxX = in.getDouble();
          double cMaxY = in.getDouble();
          if (meets(box, cMinX, cMinY, cMaxX, cMaxY)) {
            ranges.add(new SliceRange(0, offset, length));
            points.add(count);
          }
        }
        specs.add(
            new SliceSpec(
                List.of(),
                ranges,
                new LasTileHint(
                    box.minX(),
                    box.minY(),
                    box.maxX(),
                    box.maxY(),
                    box.lastColumn(),
                    box.lastRow(),
                    box.buffer(),
                    points,
                    box.polygon())));
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

  /**
   * The polygon of a WKT text.
   *
   * @throws IllegalArgumentException if it is not valid WKT of a polygon or multipolygon
   */
  static Geometry polygon(String wkt) {
    Geometry g;
    try {
      g = new WKTReader().read(wkt);
    } catch (ParseException e) {
      throw new IllegalArgumentException("Not valid polygon WKT: " + e.getMessage());
    }
    if (!(g instanceof Polygonal) || g.isEmpty()) {
      throw new IllegalArgumentException("Not a polygon: " + g.getGeometryType());
    }
    return g;
  }

  private static boolean meets(
      LasTileHint box, double minX, double minY, double maxX, double maxY) {
    return maxX >= box.minX() - box.buffer()
        && minX <= box.maxX() + box.buffer()
        && maxY >= box.minY() - box.buffer()
        && minY <= box.maxY() + box.buffer();
  }

  private static void grid(
      LasIndexSummary s, int columns, int rows, double buffer, List<LasTileHint> out) {
    double w = (s.maxX() - s.minX()) / columns;
    double h = (s.maxY() - s.minY()) / rows;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out.add(
            new LasTileHint(
                s.minX() + c * w,
                s.minY() + r * h,
                c + 1 == columns ? s.maxX() : s.minX() + (c + 1) * w,
                r + 1 == rows ? s.maxY() : s.minY() + (r + 1) * h,
                c + 1 == columns,
                r + 1 == rows,
                buffer,
                List.of(),
                null));
      }
    }
  }

  @Override
  public Map<String, Long> summarize(SliceContext slice) throws IOException {
    long own = 0;
    long buffered = 0;
    try (RecordReader<LasTile> reader = newRecordReader(slice)) {
      while (reader.advance()) {
        LasTile t = reader.current();
        buffered += t.buffer().cardinality();
        own += t.points().size() - t.buffer().cardinality();
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("records", own);
    out.put("buffer_points", buffered);
    return out;
  }

  @Override
  public RecordReader<LasTile> newRecordReader(SliceContext slice) throws IOException {
    LasTileHint hint = slice.hint(LasTileHint.class);
    LasHeader header = LasHeader.read(slice.reader());
    String wkt = hint.polygon();
    Geometry area = wkt == null ? null : polygon(wkt);
    PreparedGeometry inside = area == null ? null : PreparedGeometryFactory.prepare(area);
    PreparedGeometry near =
        area == null || hint.buffer() <= 0
            ? null
            : PreparedGeometryFactory.prepare(area.buffer(hint.buffer()));
    GeometryFactory points = new GeometryFactory();
    List<ByteRange> ranges = slice.slice().rangesOf(0);
    return new RecordReader<>() {
      private int next;
      private @Nullable LasTile current;

      @Override
      public boolean advance() throws IOException {
        while (next < ranges.size()) {
          ByteRange range = ranges.get(next);
          PointBatch batch;
          if (header.compressed()) {
            batch =
                LazChunks.read(
                    slice.reader(), header, range, hint.points().get(next), PointColumn.all());
          } else {
            long first = (range.offset() - header.offsetToPointData()) / header.pointRecordLength();
            int count = (int) (range.length() / header.pointRecordLength());
            batch = LasPoints.read(slice.reader(), header, first, count, PointColumn.all());
          }
          next++;
          int[] keep = new int[batch.size()];
          BitSet buffer = new BitSet();
          int kept = 0;
          for (int i = 0; i < batch.size(); i++) {
            double x = batch.x()[i];
            double y = batch.y()[i];
            boolean own;
            boolean buffered;
            if (inside == null) {
              own = hint.owns(x, y);
              buffered = !own && hint.buffers(x, y);
            } else {
              Point p = points.createPoint(new Coordinate(x, y));
              own = inside.covers(p);
              buffered = !own && near != null && near.covers(p);
            }
            if (own) {
              keep[kept++] = i;
            } else if (buffered) {
              buffer.set(kept);
              keep[kept++] = i;
            }
          }
          if (kept > 0) {
            // a chunk wholly inside the tile is passed on as decoded
            PointBatch selected =
                kept == batch.size() ? batch : batch.select(java.util.Arrays.copyOf(keep, kept));
            current = new LasTile(selected, buffer);
            return true;
          }
        }
        return false;
      }

      @Override
      public LasTile current() {
        return RecordReader.requireCurrent(current);
      }

      @Override
      public void close() {}
    };
  }
}
