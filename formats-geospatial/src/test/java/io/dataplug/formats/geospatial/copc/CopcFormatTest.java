package io.dataplug.formats.geospatial.copc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.formats.geospatial.copc.CopcContractSuite.Oracle;
import io.dataplug.formats.geospatial.copc.CopcFormat.CopcIndexSummary;
import io.dataplug.formats.geospatial.las.Fixtures;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.partition.PartitionRequest.Buffered;
import io.dataplug.partition.PartitionRequest.Level;
import io.dataplug.partition.PartitionRequest.Resolution;
import io.dataplug.partition.PartitionRequest.TileGrid;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.testing.BytesReader;
import io.dataplug.testing.ObjectPlace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code copc} format on the shared fixtures: detection, the index summary and per-tile counts
 * against third-party ground truth, level and resolution requests, and malformed hierarchies.
 */
@Timeout(300)
class CopcFormatTest {
  private static final String COLOR = "copc/1.2-with-color.copc.laz";
  private static final String LONE_STAR = "copc/lone-star.copc.laz";

  @TempDir Path dir;

  private CloudObject stage(String name, byte[] data, @org.jspecify.annotations.Nullable String f)
      throws Exception {
    return ObjectPlace.local(dir).object(name, data).format(f).build();
  }

  private CloudObject fixture(String file) throws Exception {
    return stage(file, Files.readAllBytes(Fixtures.path(file)), null);
  }

  @Test
  void copcFilesAreDetectedAsCopcAndOtherLasFilesAsLas() throws Exception {
    for (Fixtures.Truth t : Fixtures.COPC) {
      assertThat(fixture(t.file()).format().id()).as("%s", t).isEqualTo("copc");
    }
    for (Fixtures.Truth t : List.of(Fixtures.LAS.get(3), Fixtures.LAZ.get(1))) {
      assertThat(fixture(t.file()).format().id()).as("%s", t).isEqualTo("las");
    }
    // the same file with its first VLR renamed is a LAZ 1.4 file, not COPC
    byte[] renamed = patched(COLOR, b -> b.put(375 + 2, (byte) 'x'));
    assertThat(stage("renamed.copc.laz", renamed, null).format().id()).isEqualTo("las");
  }

  /** GROUND_TRUTH.md (copc.js + laz-perf; header bounds = decoded bounds) and copc.js per depth. */
  @Test
  void summaryEqualsTheGroundTruth() throws Exception {
    CloudObject color = fixture(COLOR);
    color.preprocess();
    CopcIndexSummary c = color.indexSummary(CopcIndexSummary.class);
    assertThat(c.points()).isEqualTo(1065);
    assertThat(c.pointFormat()).isEqualTo(7);
    assertThat(c.pointDataOffset()).isEqualTo(1709);
    assertThat(c.pages()).isEqualTo(1);
    assertThat(c.nodesPerDepth()).containsExactly(1, 4, 12, 48);
    assertThat(c.pointsPerDepth())
        .containsExactly(24L, 66L, 197L, 778L)
        .containsExactly(
            Arrays.stream(CopcContractSuite.POINTS_PER_DEPTH.get(COLOR))
                .boxed()
                .toArray(Long[]::new));
    assertThat(c.maxDepth()).isEqualTo(3);
    assertThat(c.spacing()).isEqualTo(36.2166, within(5e-5));
    assertThat(
            new double[] {
              c.cube().minX(), c.cube().minY(), c.cube().minZ(),
              c.cube().maxX(), c.cube().maxY(), c.cube().maxZ()
            })
        .containsExactly(
            new double[] {635619.85, 848899.7, 406.59, 640255.58, 853535.43, 5042.32},
            within(5e-3));
    assertThat(new double[] {c.minX(), c.minY(), c.minZ(), c.maxX(), c.maxY(), c.maxZ()})
        .containsExactly(
            new double[] {635619.850, 848899.700, 406.590, 638982.550, 853535.430, 586.380},
            within(5e-4));
    CloudObject lone = fixture(LONE_STAR);
    lone.preprocess();
    CopcIndexSummary l = lone.indexSummary(CopcIndexSummary.class);
    assertThat(l.points()).isEqualTo(518862);
    assertThat(l.nodesPerDepth()).containsExactly(1, 4, 10);
    assertThat(l.pointsPerDepth()).containsExactly(58393L, 105600L, 354869L);
    assertThat(l.spacing()).isEqualTo(0.3184, within(5e-5));
    assertThat(new double[] {l.minX(), l.minY(), l.minZ(), l.maxX(), l.maxY(), l.maxZ()})
        .containsExactly(
            new double[] {515368.602, 4918340.364, 2322.896, 515401.043, 4918381.124, 2338.575},
            within(1e-3));
  }

  /**
   * The 2×2 tiles over the header bounds hold the points laszip4j's sequential reader puts in them
   * (FORMAT_NOTES §6, measured with laszip4j 0.20; order r0c0, r0c1, r1c0, r1c1).
   */
  @Test
  void twoByTwoTilesHoldTheOraclesCounts() throws Exception {
    assertThat(ownCounts(fixture(COLOR), new TileGrid(2, 2)))
        .containsExactly(255L, 265L, 273L, 272L);
    assertThat(ownCounts(fixture(LONE_STAR), new TileGrid(2, 2)))
        .containsExactly(22797L, 54396L, 25543L, 416126L);
  }

  /**
   * At every depth, each tile of several grids, with and without a buffer, holds as its own points
   * the oracle's points of the selected nodes in its half-open box, and as buffer points those
   * within the buffer but not in the box.
   */
  @Test
  void tilesAtEachDepthHoldTheOraclesPointsInTheirBoxes() throws Exception {
    Fixtures.Truth t = Fixtures.COPC.get(0);
    Oracle oracle = Oracle.of(t);
    LasHeader header = LasHeader.read(Fixtures.reader(t.file()));
    CloudObject co = fixture(t.file());
    co.preprocess();
    double[] min = t.min();
    double[] max = t.max();
    double buffer = 100;
    for (int depth = 0; depth <= 3; depth++) {
      for (TileGrid grid : List.of(new TileGrid(2, 2), new TileGrid(3, 2), TileGrid.of(9))) {
        List<DataSlice> slices = co.partition(new Buffered(new Level(depth, grid), buffer));
        assertThat(slices).hasSize(grid.columns() * grid.rows());
        double w = (max[0] - min[0]) / grid.columns();
        double h = (max[1] - min[1]) / grid.rows();
        for (int r = 0; r < grid.rows(); r++) {
          for (int c = 0; c < grid.columns(); c++) {
            double x0 = min[0] + c * w;
            double y0 = min[1] + r * h;
            double x1 = c + 1 == grid.columns() ? max[0] : x0 + w;
            double y1 = r + 1 == grid.rows() ? max[1] : y0 + h;
            long own = 0;
            long near = 0;
            for (int i = 0; i < oracle.points().size; i++) {
              if (oracle.depth()[i] > depth) {
                continue;
              }
              double x = oracle.points().xs[i] * header.scale().x() + header.offset().x();
              double y = oracle.points().ys[i] * header.scale().y() + header.offset().y();
              boolean in =
                  x >= x0
                      && (x < x1 || c + 1 == grid.columns() && x == x1)
                      && y >= y0
                      && (y < y1 || r + 1 == grid.rows() && y == y1);
              if (in) {
                own++;
              } else if (x >= x0 - buffer
                  && x <= x1 + buffer
                  && y >= y0 - buffer
                  && y <= y1 + buffer) {
                near++;
              }
            }
            Map<String, Long> got = Slices.summarize(slices.get(r * grid.columns() + c));
            assertThat(got)
                .as("depth %d, %s, tile r%dc%d", depth, grid, r, c)
                .containsEntry("records", own)
                .containsEntry("buffer_points", near);
          }
        }
      }
    }
  }

  /**
   * A polygon slice at a level holds exactly the points JTS finds covered by the polygon among the
   * oracle's points of the nodes down to that level; buffered, it adds those within the distance.
   */
  @Test
  void polygonAtALevelHoldsThePointsCoveredByIt() throws Exception {
    Fixtures.Truth t = Fixtures.COPC.get(0);
    Oracle oracle = Oracle.of(t);
    LasHeader header = LasHeader.read(Fixtures.reader(t.file()));
    double[] min = t.min();
    double[] max = t.max();
    String wkt =
        String.format(
            java.util.Locale.ROOT,
            "POLYGON ((%f %f, %f %f, %f %f, %f %f))",
            min[0],
            min[1],
            max[0],
            min[1],
            (min[0] + max[0]) / 2,
            max[1],
            min[0],
            min[1]);
    var triangle = new org.locationtech.jts.io.WKTReader().read(wkt);
    var inside = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(triangle);
    var near = org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(triangle.buffer(50));
    var factory = new org.locationtech.jts.geom.GeometryFactory();
    CloudObject co = fixture(t.file());
    co.preprocess();
    for (int depth = 1; depth <= 2; depth++) {
      long own = 0;
      long buffered = 0;
      for (int i = 0; i < oracle.points().size; i++) {
        double x = oracle.points().xs[i] * header.scale().x() + header.offset().x();
        double y = oracle.points().ys[i] * header.scale().y() + header.offset().y();
        var p = factory.createPoint(new org.locationtech.jts.geom.Coordinate(x, y));
        if (oracle.depth()[i] > depth) {
          continue;
        } else if (inside.covers(p)) {
          own++;
        } else if (near.covers(p)) {
          buffered++;
        }
      }
      assertThat(own).isPositive();
      List<DataSlice> slices =
          co.partition(new Buffered(new Level(depth, new PartitionRequest.Polygon(wkt)), 50));
      assertThat(slices).hasSize(1);
      assertThat(Slices.summarize(slices.get(0)))
          .as("depth %d", depth)
          .containsEntry("records", own)
          .containsEntry("buffer_points", buffered);
    }
  }

  @Test
  void levelAndResolutionSelectTheNodesDownToTheirDepth() throws Exception {
    for (String file : List.of(COLOR, LONE_STAR)) {
      CloudObject co = fixture(file);
      co.preprocess();
      CopcIndexSummary s = co.indexSummary(CopcIndexSummary.class);
      long[] perDepth = CopcContractSuite.POINTS_PER_DEPTH.get(file);
      long sum = 0;
      // lone-star's deepest level is all of its half million points: the extremes check that
      for (int depth = 0; depth < perDepth.length - (file.equals(LONE_STAR) ? 1 : 0); depth++) {
        sum += perDepth[depth];
        double spacing = s.spacing() / Math.pow(2, depth);
        assertThat(total(co, new Level(depth))).as("%s level %d", file, depth).isEqualTo(sum);
        assertThat(total(co, new Resolution(spacing, new PartitionRequest.Slices(2))))
            .as("%s resolution %s", file, spacing)
            .isEqualTo(sum);
      }
      // coarser than the root: the root only; deeper than the tree: everything
      assertThat(total(co, new Resolution(1e6))).isEqualTo(perDepth[0]);
      assertThat(total(co, new Resolution(1e-6, TileGrid.of(4)))).isEqualTo(s.points());
      assertThat(co.partition(PartitionRequest.of("level", 1))).hasSize(1);
      assertThat(co.partition(new Level(30, new TileGrid(3, 1)))).hasSize(3);
    }
  }

  @Test
  void nodeSlicesAreBalancedByPointsAndHoldEachNodeOnce() throws Exception {
    CloudObject co = fixture(COLOR);
    co.preprocess();
    List<DataSlice> slices = co.partition(new PartitionRequest.Slices(4));
    assertThat(slices).hasSize(4);
    List<Long> points = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    for (DataSlice slice : slices) {
      points.add(Slices.summarize(slice).get("records"));
      slice.ranges().stream().skip(1).forEach(r -> offsets.add(r.offset()));
    }
    assertThat(points.stream().mapToLong(Long::longValue).sum()).isEqualTo(1065);
    assertThat(points).allSatisfy(p -> assertThat(p).isBetween(1065 / 4 - 60L, 1065 / 4 + 60L));
    assertThat(offsets).hasSize(65).doesNotHaveDuplicates().isSorted();
    assertThat(
            co.partition(new PartitionRequest.Slices(100)).stream()
                .filter(s -> !s.ranges().isEmpty()))
        .hasSize(65);
  }

  @Test
  void requestsTheFormatCannotHonourAreRefused() throws Exception {
    CloudObject copc = fixture(COLOR);
    copc.preprocess();
    assertThatThrownBy(() -> copc.partition(new Buffered(new PartitionRequest.Slices(2), 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a buffer needs tiles, a box or a polygon, not node slices");
    CloudObject las = stage("as-las.laz", Files.readAllBytes(Fixtures.path(COLOR)), "las");
    las.preprocess();
    String supported = "(it supports: slices, records, tiles, tile-size, bbox, polygon, buffer)";
    assertThatThrownBy(() -> las.partition(new Level(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Format las does not support 'level' " + supported);
    assertThatThrownBy(() -> las.partition(new Buffered(new Resolution(2, TileGrid.of(4)), 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Format las does not support 'resolution' " + supported);
  }

  @Test
  void childPageOutsideTheFileIsRefused() throws Exception {
    assertRefused(
        patched(
            COLOR, b -> b.putLong(31604 + 16, 40000).putInt(31604 + 24, 64).putInt(31604 + 28, -1)),
        "at byte 31620: hierarchy page of key 0-0-0-0 at [40000, +64) points outside the object"
            + " (33684 bytes)");
  }

  @Test
  void childPagePointingBackToItsParentIsRefused() throws Exception {
    byte[] data =
        CopcHierarchyTest.twoPages(
            page -> page.putLong(16, 31604).putInt(24, 46 * 32).putInt(28, -1));
    assertRefused(
        data,
        "at byte 33700: hierarchy page of key 3-0-6-0 at [31604, 33076) points back to the page at"
            + " [31604, 33076), already visited");
  }

  @Test
  void negativePointCountIsRefused() throws Exception {
    assertRefused(
        patched(COLOR, b -> b.putInt(31604 + 28, -7)),
        "at byte 31632: node 0-0-0-0 has an invalid point count -7");
  }

  @Test
  void byteSizePastTheEndIsRefused() throws Exception {
    assertRefused(
        patched(COLOR, b -> b.putInt(31604 + 24, 1 << 30)),
        "at byte 31620: node 0-0-0-0 has its chunk at [28853, +1073741824), outside the point data"
            + " [1717, 33684)");
  }

  @Test
  void pointRecordLengthTooShortForTheFormatIsRefused() throws Exception {
    assertRefused(
        patched(COLOR, b -> b.putShort(105, (short) 20)),
        "Malformed LAS data in %s at byte 105: point record length 20 is smaller than the 36 bytes"
            + " point format 7 needs");
  }

  @Test
  void overlappingChunksAreRefused() throws Exception {
    // the root's chunk moved to start inside the chunk before it (28853 - 100)
    assertRefused(
        patched(COLOR, b -> b.putLong(31604 + 16, 28853 - 100)),
        "at byte 28753: the chunk of node 0-0-0-0 overlaps the chunk of node");
  }

  @Test
  void corruptedNodeIndexIsRefused() {
    ObjectLocation where = ObjectLocation.of("mem://test/x.dataplug/nodes");
    byte[] entry =
        ByteBuffer.allocate(32)
            .order(ByteOrder.LITTLE_ENDIAN)
            .putInt(0)
            .putInt(0)
            .putInt(0)
            .putInt(0)
            .putLong(2000)
            .putInt(100)
            .putInt(5)
            .array();
    assertThatThrownBy(() -> CopcNodeIndex.parse(new byte[33], where, 1717, 33684, 5))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Corrupted index file: mem://test/x.dataplug/nodes (at byte 33: not a whole number of"
                + " 32-byte entries)");
    assertThatThrownBy(() -> CopcNodeIndex.parse(entry, where, 1717, 2050, 5))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Corrupted index file: mem://test/x.dataplug/nodes (at byte 0: chunk [2000, +100) is not"
                + " in file order in the point data)");
    assertThatThrownBy(() -> CopcNodeIndex.parse(entry, where, 1717, 33684, 6))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Corrupted index file: mem://test/x.dataplug/nodes (at byte 32: the nodes hold 5"
                + " points, not 6)");
    entry[0] = 40;
    assertThatThrownBy(() -> CopcNodeIndex.parse(entry, where, 1717, 33684, 5))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("at byte 0: invalid key 40-0-0-0");
  }

  private void assertRefused(byte[] data, String message) throws Exception {
    CloudObject co = stage("bad.copc.laz", data, "copc");
    String location = co.location().toString();
    assertThatThrownBy(co::preprocess)
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining(
            message.startsWith("Malformed")
                ? String.format(message, location)
                : "Malformed COPC data in " + location + " " + message);
  }

  private static byte[] patched(String file, Consumer<ByteBuffer> edit) throws Exception {
    byte[] data = BytesReader.bytes(Fixtures.path(file));
    edit.accept(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
    return data;
  }

  private static List<Long> ownCounts(CloudObject co, PartitionRequest request) throws Exception {
    co.preprocess();
    List<Long> out = new ArrayList<>();
    for (DataSlice slice : co.partition(request)) {
      out.add(Slices.summarize(slice).get("records"));
    }
    return out;
  }

  private static long total(CloudObject co, PartitionRequest request) throws Exception {
    return ownCounts(co, request).stream().mapToLong(Long::longValue).sum();
  }
}
