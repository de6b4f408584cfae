package io.dataplug.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.Slices;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.testing.AbstractFormatContractTest;
import io.dataplug.testing.ContractCase;
import io.dataplug.testing.ObjectPlace;
import io.dataplug.testing.PartitionContract;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The contract kit on a tiled two-object format (test-only {@link TilesFormat}): slices are tiles
 * of scattered ranges in a companion object. The expected points are the ones this test generated.
 */
abstract class TilesContractSuite extends AbstractFormatContractTest {
  /** Points in clustered chunks, seed 1; the .tiles table and the .pts companion. */
  record Generated(byte[] table, byte[] points, List<String> expected) {}

  static Generated generate(int chunks, int perChunk) {
    Random random = new Random(1);
    StringBuilder table = new StringBuilder("TILES 1\n");
    ByteBuffer points = ByteBuffer.allocate(chunks * perChunk * 8).order(ByteOrder.LITTLE_ENDIAN);
    List<String> expected = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      int x0 = random.nextInt(1000);
      int y0 = random.nextInt(1000);
      int n = c == 3 ? 0 : perChunk; // one empty chunk
      int minX = Integer.MAX_VALUE;
      int minY = Integer.MAX_VALUE;
      int maxX = Integer.MIN_VALUE;
      int maxY = Integer.MIN_VALUE;
      long offset = points.position();
      for (int i = 0; i < n; i++) {
        // a share of the points on round coordinates, so some sit exactly on tile borders
        int x = i % 7 == 0 ? (x0 / 100) * 100 : x0 + random.nextInt(200);
        int y = i % 5 == 0 ? (y0 / 100) * 100 : y0 + random.nextInt(200);
        points.putInt(x).putInt(y);
        expected.add(x + "," + y);
        minX = Math.min(minX, x);
        minY = Math.min(minY, y);
        maxX = Math.max(maxX, x);
        maxY = Math.max(maxY, y);
      }
      if (n == 0) {
        minX = minY = maxX = maxY = 0;
      }
      table.append(offset).append(' ').append(n).append(' ');
      table.append(minX).append(' ').append(minY).append(' ').append(maxX).append(' ').append(maxY);
      table.append('\n');
    }
    byte[] p = new byte[points.position()];
    points.flip().get(p);
    return new Generated(table.toString().getBytes(StandardCharsets.US_ASCII), p, expected);
  }

  private static PartitionContract asTiles(PartitionContract c) {
    return c.comparing(r -> r instanceof TilesFormat.Point p ? p.x() + "," + p.y() : r)
        .asTiles(r -> !((TilesFormat.Point) r).buffer());
  }

  @Override
  protected List<ContractCase> cases() {
    Generated g = generate(12, 300);
    return List.of(
        new ContractCase(
            "clustered points in 12 chunks",
            place -> {
              place.stage("tiles/run.pts", g.points());
              return place.object("tiles/run.tiles", g.table()).build();
            },
            g.expected(),
            null,
            List.of(),
            List.of(
                PartitionRequest.TileGrid.of(1),
                PartitionRequest.TileGrid.of(4),
                new PartitionRequest.TileGrid(7, 3),
                new PartitionRequest.Buffered(PartitionRequest.TileGrid.of(16), 25),
                new PartitionRequest.Buffered(new PartitionRequest.TileGrid(5, 5), 0)),
            TilesContractSuite::asTiles));
  }

  @Test
  void tilesReadOnlyTheChunksTheyTouchFromTheCompanion() throws IOException {
    Generated g = generate(12, 300);
    ObjectPlace place = place();
    place.stage("tiles/one.pts", g.points());
    var co = place.object("tiles/one.tiles", g.table()).build();
    co.preprocess();
    List<DataSlice> slices = co.partition(PartitionRequest.TileGrid.of(16));
    assertThat(slices).hasSize(16);
    long fetched = 0;
    for (DataSlice s : slices) {
      assertThat(s.companions()).hasSize(1);
      assertThat(s.companions().get(0).location()).endsWith("tiles/one.pts");
      assertThat(s.ranges()).allSatisfy(r -> assertThat(r.object()).isEqualTo(1));
      assertThat(Slices.fromJson(Slices.toJson(s))).isEqualTo(s);
      fetched += s.length();
    }
    // scattered: a tile names only chunks whose box meets it, so not every tile reads everything
    assertThat(slices.stream().mapToLong(DataSlice::length).min().orElseThrow())
        .isLessThan(g.points().length);
    assertThat(fetched).isGreaterThanOrEqualTo(g.points().length - 0L);
  }
}
