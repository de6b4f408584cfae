package io.dataplug.formats.geospatial.copc;

import io.dataplug.format.FormatInfo;
import io.dataplug.format.IndexView;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSpec;
import io.dataplug.format.SliceSummary;
import io.dataplug.format.SummarizingFormat;
import io.dataplug.formats.geospatial.las.Bounds3d;
import io.dataplug.formats.geospatial.las.LasFormat.LasTileHint;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.formats.geospatial.las.LasTile;
import io.dataplug.formats.geospatial.las.LazChunks;
import io.dataplug.formats.geospatial.las.PointBatch;
import io.dataplug.formats.geospatial.las.PointColumn;
import io.dataplug.formats.geospatial.las.TileBoxes;
import io.dataplug.formats.geospatial.las.TileFilter;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.SliceRange;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * COPC 1.0 point clouds, cut by their octree: the nodes of the hierarchy, down to a level or a
 * resolution, grouped into slices balanced by points or read by the tiles they meet.
 *
 * <p>The index alongside is the hierarchy as it is: every node's key, chunk and point count, read
 * once from all hierarchy pages ({@link CopcHierarchy}); nothing is rewritten. A slice's first
 * range is the object's header and VLRs (exactly the bytes before the point data), the others are
 * its nodes' chunks in file order, so adjacent chunks are fetched in one request and nothing else
 * is fetched. A tile keeps its own points by the half-open rule of {@code las} and, when buffered,
 * the points within the buffer, flagged; a node that meets several tiles is read by each.
 *
 * <p>Records are {@link LasTile}s: one batch of points per node read. A slice's JSON grows by about
 * 17 bytes per node it reads (its range and point count).
 */
public final class CopcFormat implements SummarizingFormat {
  static final String NODES = "nodes";

  @Override
  public String id() {
    return "copc";
  }

  @Override
  public FormatInfo info() {
    return new FormatInfo(
        "COPC 1.0 point clouds (LAZ 1.4 octrees); slices by nodes, tiles, box or polygon, down to a"
            + " level or resolution; a record is a batch of a node's points",
        1,
        List.of(
            PartitionRequest.Kind.SLICES,
            PartitionRequest.Kind.TILES,
            PartitionRequest.Kind.TILE_SIZE,
            PartitionRequest.Kind.BOUNDING_BOX,
            PartitionRequest.Kind.POLYGON,
            PartitionRequest.Kind.LEVEL,
            PartitionRequest.Kind.RESOLUTION,
            PartitionRequest.Kind.BUFFER),
        List.of(),
        LasTileHint.class);
  }

  /**
   * 4 (more than {@code las}'s 3 for any LAS file) when the head is a LAS 1.4 header whose first
   * VLR is the COPC info VLR ({@code copc}/1); else 0, leaving other LAS and LAZ files to {@code
   * las}.
   */
  @Override
  public int detect(String name, byte[] head) {
    if (head.length < 375 || !new String(head, 0, 4, StandardCharsets.ISO_8859_1).equals("LASF")) {
      return 0;
    }
    int headerSize = (head[94] & 0xFF) | (head[95] & 0xFF) << 8;
    if (head[24] != 1 || head[25] != 4 || headerSize < 375 || head.length < headerSize + 54) {
      return 0;
    }
    byte[] userId = Arrays.copyOfRange(head, headerSize + 2, headerSize + 18);
    byte[] copc = Arrays.copyOf(CopcInfo.USER_ID.getBytes(StandardCharsets.ISO_8859_1), 16);
    int recordId = (head[headerSize + 18] & 0xFF) | (head[headerSize + 19] & 0xFF) << 8;
    return Arrays.equals(userId, copc) && recordId == CopcInfo.RECORD_ID ? 4 : 0;
  }

  /**
   * What the index knows.
   *
   * @param points the number of points (header = sum of the nodes' point counts)
   * @param pointFormat the point data record format (6, 7 or 8)
   * @param pointDataOffset where the point data starts: a slice's header range is {@code [0,
   *     pointDataOffset)}
   * @param pages the hierarchy pages read
   * @param nodesPerDepth the number of nodes at each depth, from 0 (empty nodes included)
   * @param pointsPerDepth the number of points at each depth, from 0
   * @param centerX the octree cube's centre (as are {@code centerY}, {@code centerZ})
   * @param halfsize the distance from the centre to each face of the cube
   * @param spacing the point spacing at the root (halved at each level down)
   * @param minX the points' extent, as the header states it (COPC writers compute it from the
   *     points)
   */
  public record CopcIndexSummary(
      long points,
      int pointFormat,
      long pointDataOffset,
      int pages,
      List<Integer> nodesPerDepth,
      List<Long> pointsPerDepth,
      double centerX,
      double centerY,
      double centerZ,
      double halfsize,
      double spacing,
      double minX,
      double minY,
      double minZ,
      double maxX,
      double maxY,
      double maxZ) {
    public CopcIndexSummary {
      nodesPerDepth = List.copyOf(nodesPerDepth);
      pointsPerDepth = List.copyOf(pointsPerDepth);
      if (points < 0) {
        throw new IllegalArgumentException("points is negative: " + points);
      }
      if (nodesPerDepth.size() != pointsPerDepth.size() || nodesPerDepth.isEmpty()) {
        throw new IllegalArgumentException("nodes and points per depth do not match");
      }
      if (!(halfsize > 0) || Double.isInfinite(halfsize)) {
        throw new IllegalArgumentException("halfsize is not positive: " + halfsize);
      }
    }

    /** The deepest level that has nodes. */
    public int maxDepth() {
      return nodesPerDepth.size() - 1;
    }

    /** The octree's root cube. */
    public Bounds3d cube() {
      return new Bounds3d(
          centerX - halfsize,
          centerY - halfsize,
          centerZ - halfsize,
          centerX + halfsize,
          centerY + halfsize,
          centerZ + halfsize);
    }

    /**
     * The depth a resolution request reads down to: the first whose spacing ({@code spacing /
     * 2^depth}) is at most {@code resolution}, or the deepest level if none is that fine.
     *
     * @throws IllegalArgumentException if the file states no positive spacing
     */
    public int depthFor(double resolution) {
      if (!(spacing > 0) || Double.isInfinite(spacing)) {
        throw new IllegalArgumentException(
            "the COPC info states no point spacing (" + spacing + "): ask for a level instead");
      }
      int depth = 0;
      while (depth < maxDepth() && spacing / Math.pow(2, depth) > resolution) {
        depth++;
      }
      return depth;
    }
  }

  @Override
  public void preprocess(Preprocessing job) throws IOException {
    LasHeader header = LasHeader.read(job.reader());
    CopcHierarchy hierarchy = CopcHierarchy.open(job.reader(), header);
    List<CopcNode> nodes = hierarchy.nodes();
    List<CopcNode> inFileOrder = new ArrayList<>(nodes);
    inFileOrder.sort(CopcNodeIndex.FILE_ORDER);
    CopcNode previous = null;
    int maxDepth = 0;
    for (CopcNode node : inFileOrder) {
      maxDepth = Math.max(maxDepth, node.key().depth());
      if (node.pointCount() == 0) {
        continue;
      }
      if (previous != null && node.offset() < previous.offset() + previous.byteSize()) {
        throw MalformedDataException.at(
            "COPC",
            header.location(),
            node.offset(),
            "the chunk of node "
                + node.key()
                + " overlaps the chunk of node "
                + previous.key()
                + " at "
                + previous.range());
      }
      previous = node;
    }
    Integer[] perDepth = new Integer[maxDepth + 1];
    Long[] pointsPerDepth = new Long[maxDepth + 1];
    Arrays.fill(perDepth, 0);
    Arrays.fill(pointsPerDepth, 0L);
    for (CopcNode node : nodes) {
      perDepth[node.key().depth()]++;
      pointsPerDepth[node.key().depth()] += node.pointCount();
    }
    job.putBlob(NODES, CopcNodeIndex.toBytes(nodes));
    job.attribute("nodes", nodes.size());
    job.attribute("max_depth", maxDepth);
    job.progress(job.metadata().size());
    CopcInfo info = hierarchy.info();
    Bounds3d b = header.bounds();
    job.summary(
        new CopcIndexSummary(
            header.pointCount(),
            header.pointFormat(),
            header.offsetToPointData(),
            hierarchy.loadedPageCount(),
            List.of(perDepth),
            List.of(pointsPerDepth),
            info.center().x(),
            info.center().y(),
            info.center().z(),
            info.halfsize(),
            info.spacing(),
            b.minX(),
            b.minY(),
            b.minZ(),
            b.maxX(),
            b.maxY(),
            b.maxZ()));
  }

  @Override
  public List<SliceSpec> partition(IndexView index, PartitionRequest request) throws IOException {
    CopcIndexSummary s = index.summary(CopcIndexSummary.class);
    double buffer = 0;
    int depth = s.maxDepth();
    PartitionRequest area = request;
    while (true) {
      if (area instanceof PartitionRequest.Buffered b) {
        buffer = b.distance();
        area = b.tiles();
      } else if (area instanceof PartitionRequest.Level l) {
        depth = Math.min(l.depth(), s.maxDepth());
        area = l.area();
      } else if (area instanceof PartitionRequest.Resolution r) {
        depth = s.depthFor(r.spacing());
        area = r.area();
      } else {
        break;
      }
    }
    List<CopcNode> nodes = new ArrayList<>();
    for (CopcNode node :
        CopcNodeIndex.parse(
            index.blob(NODES),
            index.blobLocation(NODES),
            s.pointDataOffset() + 8,
            index.manifest().source().size(),
            s.points())) {
      if (node.pointCount() > 0 && node.key().depth() <= depth) {
        nodes.add(node);
      }
    }
    List<SliceSpec> specs = new ArrayList<>();
    if (area instanceof PartitionRequest.Slices n) {
      if (buffer > 0) {
        throw new IllegalArgumentException(
            "a buffer needs tiles, a box or a polygon, not node slices");
      }
      // a node slice keeps every point of its nodes: its box is the whole plane
      double m = Double.MAX_VALUE;
      LasTileHint all = new LasTileHint(-m, -m, m, m, true, true, 0, List.of(), null, null);
      for (List<CopcNode> group : balanced(nodes, n.count())) {
        specs.add(spec(s, group, all));
      }
      return specs;
    }
    List<LasTileHint> boxes = TileBoxes.of(area, s.minX(), s.minY(), s.maxX(), s.maxY(), buffer);
    // node cubes and tile edges are computed in doubles: compare them give or take this
    double slack = 1e-9 * s.halfsize();
    Bounds3d cube = s.cube();
    for (LasTileHint box : boxes) {
      List<CopcNode> meeting = new ArrayList<>();
      for (CopcNode node : nodes) {
        if (holdsPointsOf(box, node.key().bounds(cube), slack)) {
          meeting.add(node);
        }
      }
      specs.add(spec(s, meeting, box));
    }
    return specs;
  }

  /**
   * Whether a node's cube can hold points a tile keeps: it overlaps the tile's box, which is
   * half-open (a cube that only touches the box's upper x or y edge holds none of the tile's own
   * points, as every point lies in its node's cube) except where the box is closed — the last
   * column and row, and every edge of a buffered box.
   */
  static boolean holdsPointsOf(LasTileHint box, Bounds3d cube, double slack) {
    double b = box.buffer();
    boolean closedX = box.lastColumn() || b > 0;
    boolean closedY = box.lastRow() || b > 0;
    return cube.maxX() >= box.minX() - b - slack
        && cube.maxY() >= box.minY() - b - slack
        && (closedX ? cube.minX() <= box.maxX() + b + slack : cube.minX() < box.maxX() - slack)
        && (closedY ? cube.minY() <= box.maxY() + b + slack : cube.minY() < box.maxY() - slack);
  }

  /**
   * {@code count} runs of consecutive nodes (in file order) with about equal numbers of points: a
   * run ends once it reaches its share of the points so far.
   */
  static List<List<CopcNode>> balanced(List<CopcNode> nodes, int count) {
    long total = nodes.stream().mapToLong(CopcNode::pointCount).sum();
    List<List<CopcNode>> groups = new ArrayList<>(count);
    int next = 0;
    long done = 0;
    for (int g = 1; g <= count; g++) {
      double target = (double) total * g / count;
      List<CopcNode> group = new ArrayList<>();
      while (next < nodes.size()
          && (g == count || done + nodes.get(next).pointCount() / 2 < target)) {
        done += nodes.get(next).pointCount();
        group.add(nodes.get(next++));
      }
      groups.add(group);
    }
    return groups;
  }

  /** A slice reading the header and {@code nodes} (in file order), or nothing if none. */
  private static SliceSpec spec(CopcIndexSummary s, List<CopcNode> nodes, LasTileHint box) {
    List<SliceRange> ranges = new ArrayList<>(nodes.size() + 1);
    List<Long> points = new ArrayList<>(nodes.size());
    if (!nodes.isEmpty()) {
      ranges.add(new SliceRange(0, 0, s.pointDataOffset()));
    }
    for (CopcNode node : nodes) {
      ranges.add(new SliceRange(0, node.offset(), node.byteSize()));
      points.add((long) node.pointCount());
    }
    return new SliceSpec(List.of(), ranges, box.withPoints(points));
  }

  @Override
  public Map<String, Long> summarize(SliceContext slice) throws IOException {
    return summary(slice).counts();
  }

  /** The node points' counters and bounds, as {@code las} gives them for its tiles. */
  @Override
  public SliceSummary summary(SliceContext slice) throws IOException {
    return LasTile.summary(newRecordReader(slice));
  }

  @Override
  public RecordReader<LasTile> newRecordReader(SliceContext slice) throws IOException {
    LasTileHint hint = slice.hint(LasTileHint.class);
    List<ByteRange> ranges = slice.slice().rangesOf(0);
    if (!ranges.isEmpty()
        && (ranges.get(0).offset() != 0 || ranges.size() != hint.points().size() + 1)) {
      throw new IllegalArgumentException(
          "A COPC slice reads its header, then one range per node of its hint: " + slice.slice());
    }
    TileFilter filter = new TileFilter(hint);
    return new RecordReader<>() {
      private int next;
      private @Nullable InputStream in;
      private @Nullable LasHeader header;
      private @Nullable LasTile current;

      @Override
      public boolean advance() throws IOException {
        while (next < ranges.size()) {
          ByteRange range = ranges.get(next);
          if (in == null) {
            // one stream over all ranges: touching chunks are fetched in one request
            in = slice.openRanges();
          }
          byte[] bytes = readRange(in, range, slice);
          next++;
          if (header == null) {
            header = LasHeader.parseHead(slice.reader(), bytes);
            continue;
          }
          PointBatch batch =
              LazChunks.decode(
                  header, bytes, range.offset(), hint.points().get(next - 2), PointColumn.all());
          Optional<LasTile> tile = filter.apply(batch, next - 2);
          if (tile.isPresent()) {
            current = tile.get();
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
      public void close() throws IOException {
        if (in != null) {
          in.close();
        }
      }
    };
  }

  /** The next range's bytes from the slice's stream. */
  private static byte[] readRange(InputStream in, ByteRange range, SliceContext slice)
      throws IOException {
    if (range.length() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("range " + range + " is too long to decode at once");
    }
    byte[] bytes = in.readNBytes((int) range.length());
    if (bytes.length != range.length()) {
      throw new EOFException(
          "Read " + bytes.length + " of " + range.length() + " bytes: " + slice.slice());
    }
    return bytes;
  }
}
