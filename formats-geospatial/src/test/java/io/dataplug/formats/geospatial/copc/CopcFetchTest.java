package io.dataplug.formats.geospatial.copc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.format.RecordReader;
import io.dataplug.formats.geospatial.las.Bounds3d;
import io.dataplug.formats.geospatial.las.Fixtures;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.partition.PartitionRequest.Level;
import io.dataplug.partition.PartitionRequest.TileGrid;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.RangeReader;
import io.dataplug.testing.CountingStores;
import io.dataplug.testing.ObjectPlace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a COPC tile fetches: at most 1.1 times the bytes of the nodes (down to the level) whose cube
 * meets the tile, plus the header once — here exactly those bytes, as the slice's first range is
 * the header and the others its nodes' chunks. The same tiles read by {@code las} (the file as
 * plain LAZ) are printed for comparison: a 64 KiB header window, then the chunks whose points'
 * extent meets the tile.
 */
@Timeout(600)
class CopcFetchTest {
  @TempDir Path dir;

  @Test
  void aTileFetchesItsNodesAndTheHeaderOnly() throws Exception {
    System.out.printf(
        "%-24s %5s %5s %4s %10s %10s %6s %9s %10s%n",
        "file", "level", "tiles", "tile", "node B", "fetched B", "ratio", "requests", "as las B");
    for (Fixtures.Truth t : Fixtures.COPC) {
      Path file = Fixtures.path(t.file());
      byte[] data = Files.readAllBytes(file);
      LasHeader header;
      List<CopcNode> nodes;
      CopcInfo info;
      try (RangeReader reader = Fixtures.reader(t.file())) {
        header = LasHeader.read(reader);
        CopcHierarchy hierarchy = CopcHierarchy.open(reader, header);
        nodes = hierarchy.nodes();
        info = hierarchy.info();
      }
      ObjectPlace place = ObjectPlace.local(dir);
      CloudObject copc = place.object("fetch/" + file.getFileName(), data).format("copc").build();
      CloudObject las = place.object("las/" + file.getFileName(), data).format("las").build();
      copc.preprocess();
      las.preprocess();
      int maxDepth = nodes.stream().mapToInt(n -> n.key().depth()).max().orElseThrow();
      for (int level = 0; level <= maxDepth; level++) {
        for (int n : List.of(1, 4, 9)) {
          TileGrid grid = TileGrid.of(n);
          List<DataSlice> tiles = copc.partition(new Level(level, grid));
          List<DataSlice> lasTiles = level == maxDepth && n == 4 ? las.partition(grid) : List.of();
          for (int i = 0; i < tiles.size(); i++) {
            Bounds3d box = box(t, grid, i);
            long nodeBytes = 0;
            for (CopcNode node : nodes) {
              Bounds3d c = node.bounds(info);
              // the tile's box is half-open but for the last column and row: a cube that only
              // touches its upper edge (give or take the rounding of 3 decimals) does not meet it
              boolean lastColumn = i % grid.columns() == grid.columns() - 1;
              boolean lastRow = i / grid.columns() == grid.rows() - 1;
              if (node.key().depth() <= level
                  && node.pointCount() > 0
                  && c.maxX() >= box.minX() - 1e-3
                  && c.maxY() >= box.minY() - 1e-3
                  && (lastColumn ? c.minX() <= box.maxX() + 1e-3 : c.minX() < box.maxX() - 1e-3)
                  && (lastRow ? c.minY() <= box.maxY() + 1e-3 : c.minY() < box.maxY() - 1e-3)) {
                nodeBytes += node.byteSize();
              }
            }
            long[] fetched = fetch(copc, tiles.get(i));
            long asLas = lasTiles.isEmpty() ? -1 : fetch(las, lasTiles.get(i))[0];
            long header0 = nodeBytes == 0 ? 0 : header.offsetToPointData();
            System.out.printf(
                "%-24s %5d %5d %4d %10d %10d %6.3f %9d %10s%n",
                file.getFileName(),
                level,
                n,
                i,
                nodeBytes,
                fetched[0],
                nodeBytes == 0 ? 0 : (double) (fetched[0] - header0) / nodeBytes,
                fetched[1],
                asLas < 0 ? "" : Long.toString(asLas));
            assertThat(fetched[0])
                .as("%s level %d, tile %d of %d", t, level, i, n)
                .isLessThanOrEqualTo(Math.round(1.1 * nodeBytes) + header0)
                .isEqualTo(nodeBytes + header0);
          }
        }
      }
    }
  }

  /** Tile {@code i} of the grid over the header bounds (GROUND_TRUTH.md), boundaries closed. */
  private static Bounds3d box(Fixtures.Truth t, TileGrid grid, int i) {
    double w = (t.max()[0] - t.min()[0]) / grid.columns();
    double h = (t.max()[1] - t.min()[1]) / grid.rows();
    int c = i % grid.columns();
    int r = i / grid.columns();
    return new Bounds3d(
        t.min()[0] + c * w,
        t.min()[1] + r * h,
        0,
        t.min()[0] + (c + 1) * w,
        t.min()[1] + (r + 1) * h,
        0);
  }

  /** The bytes and requests reading every record of a slice fetches. */
  private static long[] fetch(CloudObject co, DataSlice slice) throws Exception {
    CountingStores counting = new CountingStores(co.stores());
    try (RecordReader<?> reader = Slices.newRecordReader(slice, counting)) {
      while (reader.advance()) {
        reader.current();
      }
    }
    return new long[] {counting.bytes(), counting.requests()};
  }
}
