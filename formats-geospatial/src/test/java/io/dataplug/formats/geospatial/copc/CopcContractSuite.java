package io.dataplug.formats.geospatial.copc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.geospatial.las.Fixtures;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.formats.geospatial.las.LasTile;
import io.dataplug.formats.geospatial.las.PointOracle;
import io.dataplug.formats.geospatial.las.TilePoints;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.partition.PartitionRequest.Buffered;
import io.dataplug.partition.PartitionRequest.Level;
import io.dataplug.partition.PartitionRequest.Resolution;
import io.dataplug.partition.PartitionRequest.Slices;
import io.dataplug.partition.PartitionRequest.TileGrid;
import io.dataplug.storage.RangeReader;
import io.dataplug.testing.AbstractFormatContractTest;
import io.dataplug.testing.ContractCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The format contract for COPC on the shared fixtures: for every request, the slices' own points,
 * all together, are every point of the selected nodes exactly once, as laszip4j's own sequential
 * reader returns them (stored X, Y, Z, intensity and classification); buffered tiles add points
 * flagged as buffer and keep that property; each slice fetches exactly its ranges (the header and
 * its nodes' chunks), nothing else.
 *
 * <p>Which of the oracle's points a depth selects: the sequential reader returns the chunks in file
 * order, and each node is one chunk (FORMAT_NOTES §5.3), so the nodes in file order cut its points
 * into runs. The number of points per depth is third-party ground truth: copc.js 0.0.8 walking the
 * hierarchy and laz-perf 0.0.7 decoding every node, run once with {@code npm install copc@0.0.8
 * laz-perf@0.0.7} and a few lines calling {@code Copc.create}, {@code Copc.loadHierarchyPage} and
 * {@code Copc.loadPointDataView} for each node (nodes and decoded points per depth agreed):
 *
 * <pre>
 * 1.2-with-color.copc.laz  depth 0: 1 node, 24 points; 1: 4, 66; 2: 12, 197; 3: 48, 778
 * lone-star.copc.laz       depth 0: 1 node, 58393 points; 1: 4, 105600; 2: 10, 354869
 * </pre>
 */
abstract class CopcContractSuite extends AbstractFormatContractTest {
  /** Points per depth, copc.js + laz-perf (see the class comment). */
  static final Map<String, long[]> POINTS_PER_DEPTH =
      Map.of(
          "copc/1.2-with-color.copc.laz", new long[] {24, 66, 197, 778},
          "copc/lone-star.copc.laz", new long[] {58393, 105600, 354869});

  /** The oracle's points with the depth of the node each is in. */
  record Oracle(PointOracle points, int[] depth) {
    static Oracle of(Fixtures.Truth t) throws Exception {
      PointOracle o = PointOracle.read(Fixtures.path(t.file()), (int) t.points(), t.format(), 0);
      int[] depth = new int[o.size];
      try (RangeReader reader = Fixtures.reader(t.file())) {
        List<CopcNode> nodes =
            new ArrayList<>(CopcHierarchy.open(reader, LasHeader.read(reader)).nodes());
        nodes.sort(CopcNodeIndex.FILE_ORDER);
        int first = 0;
        for (CopcNode n : nodes) {
          java.util.Arrays.fill(depth, first, first + n.pointCount(), n.key().depth());
          first += n.pointCount();
        }
        assertThat(first).isEqualTo(o.size);
      }
      return new Oracle(o, depth);
    }

    /** The keys of the points of nodes down to {@code maxDepth}. */
    List<Object> keysDownTo(int maxDepth) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < points.size; i++) {
        if (depth[i] <= maxDepth) {
          out.add(TilePoints.oracleKey(points, i));
        }
      }
      return out;
    }
  }

  @Override
  protected List<ContractCase> cases() throws Exception {
    List<ContractCase> cases = new ArrayList<>();
    for (Fixtures.Truth t : Fixtures.COPC) {
      Path file = Fixtures.path(t.file());
      LasHeader header = LasHeader.read(Fixtures.reader(t.file()));
      byte[] data = Files.readAllBytes(file);
      Oracle oracle = Oracle.of(t);
      long[] perDepth = POINTS_PER_DEPTH.get(t.file());
      // a buffer of about 3% of the extent's width
      double buffer = Math.round((t.max()[0] - t.min()[0]) * 0.03);
      boolean small = t.points() < 10_000;
      long points = 0;
      for (int depth = 0; depth < perDepth.length; depth++) {
        points += perDepth[depth];
        List<Object> expected = oracle.keysDownTo(depth);
        assertThat(expected).as("%s down to depth %d", t, depth).hasSize((int) points);
        boolean deepest = depth == perDepth.length - 1;
        // the spacing of this depth, asked for a little coarser: still this depth
        double resolution = 1.01 * spacing(t) / Math.pow(2, depth);
        // every request reads each slice three times (records, count, summary): lone-star (half
        // a million points) gets fewer requests than the small file
        List<PartitionRequest> requests = new ArrayList<>();
        if (deepest && small) {
          requests.add(new Slices(1));
          requests.add(new Slices(7));
          requests.add(new TileGrid(5, 3));
          requests.add(new Buffered(new TileGrid(2, 2), 0));
          requests.add(new Buffered(TileGrid.of(9), buffer));
        } else if (deepest) {
          requests.add(new Slices(3));
          requests.add(new Buffered(TileGrid.of(4), buffer));
        } else if (small) {
          requests.add(new Level(depth));
          requests.add(new Resolution(resolution, new Slices(3)));
          requests.add(new Level(depth, new TileGrid(3, 2)));
          requests.add(new Buffered(new Level(depth, TileGrid.of(4)), buffer));
        } else {
          requests.add(new Resolution(resolution, new Slices(2)));
          requests.add(new Buffered(new Level(depth, TileGrid.of(4)), buffer));
        }
        String name = t.file() + (deepest ? "" : " down to depth " + depth);
        String key = "copc/" + depth + "/" + file.getFileName();
        cases.add(
            new ContractCase(
                name,
                place -> place.object(key, data).format("copc").build(),
                expected,
                null,
                List.of(),
                requests,
                c ->
                    c.expanding(r -> TilePoints.items((LasTile) r, header))
                        .comparing(r -> r instanceof TilePoints.Item i ? i.key() : r)
                        .asTiles(r -> !((TilePoints.Item) r).buffer())));
      }
    }
    return cases;
  }

  /** The root spacing of the fixtures' info VLRs (GROUND_TRUTH.md, COPC table). */
  private static double spacing(Fixtures.Truth t) {
    return t.file().contains("lone-star") ? 0.318436 : 36.21664;
  }
}
