package io.dataplug.formats.geospatial.dem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.dataplug.formats.geospatial.las.Fixtures;
import io.dataplug.formats.geospatial.las.LasFormat.LasTileHint;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.formats.geospatial.las.PointOracle;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.partition.PartitionRequest.Buffered;
import io.dataplug.partition.PartitionRequest.TileGrid;
import io.dataplug.slice.DataSlice;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code dem} job on autzen_trim (LAS and LAZ, 110,000 points): buffered tiles give the
 * single-pass model exactly, unbuffered tiles do not; and every cell equals what the points
 * laszip4j's own sequential reader returns give it (GROUND_TRUTH.md: extent (636001.760,
 * 848935.200, 406.260) → (637179.220, 849497.900, 520.510)).
 */
class DemJobTest {
  private static final double[] MIN = {636001.760, 848935.200, 406.260};
  private static final double[] MAX = {637179.220, 849497.900, 520.510};

  /** Per cell of a grid's block, what laszip4j's points of the kept classes give it. */
  private record Truth(double[] low, double[] sum, int[] count, int width, int height) {
    double value(int at, boolean mean) {
      return count[at] == 0 ? Double.NaN : mean ? sum[at] / count[at] : low[at];
    }
  }

  private static Truth truth(String fixture, ElevationGrid grid, int onlyClass) throws Exception {
    LasHeader h = LasHeader.read(Fixtures.reader(fixture));
    PointOracle o = PointOracle.read(Fixtures.path(fixture), (int) h.pointCount(), 3, 0);
    int w = grid.width();
    int n = w * grid.height();
    Truth t = new Truth(new double[n], new double[n], new int[n], w, grid.height());
    Arrays.fill(t.low, Double.POSITIVE_INFINITY);
    double r = grid.cellSize();
    for (int i = 0; i < o.size; i++) {
      if (onlyClass >= 0 && o.classification[i] != onlyClass) {
        continue;
      }
      double x = o.xs[i] * h.scale().x() + h.offset().x();
      double y = o.ys[i] * h.scale().y() + h.offset().y();
      double z = o.zs[i] * h.scale().z() + h.offset().z();
      long c = (long) Math.floor(x / r) - grid.column();
      long row = (long) Math.floor(y / r) - grid.row();
      assertThat(c).as("column of point %s", i).isBetween(0L, (long) w - 1);
      assertThat(row).as("row of point %s", i).isBetween(0L, (long) grid.height() - 1);
      int at = (int) ((grid.height() - 1 - row) * w + c);
      t.low[at] = Math.min(t.low[at], z);
      t.sum[at] += z;
      t.count[at]++;
    }
    return t;
  }

  /**
   * Every cell: the statistic of its points; or, without points, the 1/d²-weighted mean of the
   * cells with points within {@code k} cells (NaN if none).
   */
  private static void assertCellsMatch(ElevationGrid grid, Truth t, boolean mean, int k) {
    int w = t.width;
    int filled = 0;
    for (int i = 0; i < t.height; i++) {
      for (int j = 0; j < w; j++) {
        int at = i * w + j;
        if (t.count[at] > 0) {
          assertThat(grid.values()[at])
              .as("cell row %s column %s", i, j)
              .isEqualTo((float) t.value(at, mean));
          filled++;
        } else {
          double weighted = 0;
          double weights = 0;
          for (int di = -k; di <= k; di++) {
            for (int dj = -k; dj <= k; dj++) {
              int d2 = di * di + dj * dj;
              int ii = i + di;
              int jj = j + dj;
              if (d2 == 0 || d2 > k * k || ii < 0 || jj < 0 || ii >= t.height || jj >= w) {
                continue;
              }
              int n = ii * w + jj;
              if (t.count[n] > 0) {
                weighted += t.value(n, mean) / d2;
                weights += 1.0 / d2;
              }
            }
          }
          // summed in another order than the job's: equal up to rounding
          float want = weights > 0 ? (float) (weighted / weights) : Float.NaN;
          assertThat(grid.values()[at])
              .as("empty cell row %s column %s", i, j)
              .isCloseTo(want, within(1e-4f));
        }
      }
    }
    assertThat(filled).as("cells with points").isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"las/autzen_trim.las", "laz/autzen_trim.laz"})
  void bufferedTilesGiveTheSinglePassModelCellForCellAndUnbufferedOnesDoNot(String fixture)
      throws Exception {
    for (String stat : new String[] {"min", "mean"}) {
      Map<String, String> values = Map.of("cell-size", "2", "stat", stat, "fill", "3");
      ElevationGrid single = Dems.dem(fixture, TileGrid.of(1), values);
      // a buffer of (K + 1/2) R = 7 is enough; 10 is more than enough
      for (double buffer : new double[] {7, 10}) {
        ElevationGrid tiled = Dems.dem(fixture, new Buffered(TileGrid.of(16), buffer), values);
        assertThat(tiled.column()).isEqualTo(single.column());
        assertThat(tiled.row()).isEqualTo(single.row());
        assertThat(tiled.width()).isEqualTo(single.width());
        assertThat(tiled.height()).isEqualTo(single.height());
        assertThat(tiled.values())
            .as("%s, %s, 16 tiles buffered by %s", fixture, stat, buffer)
            .isEqualTo(single.values());
      }
      // without a buffer, cells differ, all of them near a seam: within (K + 1) R of a border
      // between tiles
      ElevationGrid seams = Dems.dem(fixture, TileGrid.of(16), values);
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (DataSlice slice : Dems.object(fixture).partition(TileGrid.of(16))) {
        LasTileHint tile = slice.hint(LasTileHint.class);
        xs.add(tile.minX());
        ys.add(tile.minY());
      }
      xs.removeIf(x -> x == MIN[0]);
      ys.removeIf(y -> y == MIN[1]);
      assertThat(xs).hasSize(12);
      int differ = 0;
      for (int i = 0; i < single.height(); i++) {
        for (int j = 0; j < single.width(); j++) {
          int at = i * single.width() + j;
          if (Float.compare(seams.values()[at], single.values()[at]) == 0) {
            continue;
          }
          differ++;
          double x = (single.column() + j + 0.5) * 2;
          double y = (single.row() + single.height() - 1 - i + 0.5) * 2;
          boolean nearSeam =
              xs.stream().anyMatch(sx -> Math.abs(x - sx) <= 8)
                  || ys.stream().anyMatch(sy -> Math.abs(y - sy) <= 8);
          assertThat(nearSeam).as("%s, %s: cell (%s, %s) differs", fixture, stat, x, y).isTrue();
        }
      }
      assertThat(differ)
          .as("%s, %s: cells that differ without a buffer", fixture, stat)
          .isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"las/autzen_trim.las", "laz/autzen_trim.laz"})
  void everyCellIsWhatLaszip4jsPointsGiveIt(String fixture) throws Exception {
    ElevationGrid grid =
        Dems.dem(fixture, new Buffered(TileGrid.of(16), 10), Map.of("cell-size", "2"));
    // the lattice of 2-unit cells over the ground-truth extent
    assertThat(grid.column()).isEqualTo((long) Math.floor(MIN[0] / 2));
    assertThat(grid.row()).isEqualTo((long) Math.floor(MIN[1] / 2));
    assertThat(grid.width()).isEqualTo(590);
    assertThat(grid.height()).isEqualTo(282);
    Truth t = truth(fixture, grid, -1);
    assertCellsMatch(grid, t, false, 3);
    assertThat((double) grid.min()).isGreaterThanOrEqualTo((float) MIN[2]);
    assertThat((double) grid.max()).isLessThanOrEqualTo((float) MAX[2]);

    ElevationGrid unfilled =
        Dems.dem(
            fixture,
            new Buffered(TileGrid.of(9), 2.5), // without filling, R/2 is enough
            Map.of("cell-size", "5", "stat", "mean", "fill", "0"));
    assertCellsMatch(unfilled, truth(fixture, unfilled, -1), true, 0);
  }

  @Test
  void groundOnlyUsesThePointsOfClass2() throws Exception {
    String fixture = "laz/autzen_trim.laz";
    ElevationGrid ground =
        Dems.dem(
            fixture,
            new Buffered(TileGrid.of(4), 20),
            Map.of("cell-size", "4", "classes", "2", "fill", "2"));
    Truth t = truth(fixture, ground, 2);
    assertCellsMatch(ground, t, false, 2);
    ElevationGrid all = Dems.dem(fixture, TileGrid.of(1), Map.of("cell-size", "4", "fill", "2"));
    assertThat(ground.cellsWithValue()).isLessThan(all.cellsWithValue());
  }

  @Test
  void summaryNamesTheGridAndAutomaticResolutionKeepsItUnder1000CellsWide() throws Exception {
    String fixture = "las/autzen_trim.las";
    DemJob job = Dems.job(fixture, TileGrid.of(4), Map.of());
    ElevationGrid grid = Dems.dem(fixture, TileGrid.of(4), Map.of());
    Map<String, Object> s = job.summary(grid);
    // 1177.46 across / 1000 → 2
    assertThat(s)
        .containsEntry("width", 590)
        .containsEntry("height", 282)
        .containsEntry("cell_size", 2.0)
        .containsEntry("statistic", "min")
        .containsEntry("cells", grid.cellsWithValue())
        .containsEntry("empty_cells", 590L * 282 - grid.cellsWithValue());
    assertThat((Double) s.get("min_elevation")).isBetween(MIN[2], MAX[2]);
    assertThat((Double) s.get("max_elevation")).isBetween(MIN[2], MAX[2]);
    assertThat(DemJob.autoCellSize(1177.46)).isEqualTo(2);
    assertThat(DemJob.autoCellSize(999)).isEqualTo(1);
    assertThat(DemJob.autoCellSize(0.3)).isEqualTo(0.0005);
    assertThat(DemJob.autoCellSize(45_000)).isEqualTo(50);
  }

  @Test
  void badParametersAreRejectedNamingThem() throws Exception {
    String fixture = "las/autzen_trim.las";
    PartitionRequest four = TileGrid.of(4);
    assertThatThrownBy(() -> Dems.job(fixture, four, Map.of("stat", "max")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("stat must be min or mean, not 'max'");
    assertThatThrownBy(() -> Dems.job(fixture, four, Map.of("cell-size", "-1")))
        .hasMessage("cell-size must be a positive number or auto, not '-1'");
    assertThatThrownBy(() -> Dems.job(fixture, four, Map.of("cell-size", "0.01")))
        .hasMessage(
            "cell-size 0.01 gives 117746 × 56271 cells, more than 67108864: choose a larger one");
    assertThatThrownBy(() -> Dems.job(fixture, four, Map.of("fill", "x")))
        .hasMessage("fill must be a whole number from 0 to 64, not 'x'");
    assertThatThrownBy(() -> Dems.job(fixture, four, Map.of("classes", "2,300")))
        .hasMessage("classes must be a whole number from 0 to 255, not '300'");
    Map<String, String> unknown = new HashMap<>();
    unknown.put("size", "3");
    assertThatThrownBy(() -> Dems.job(fixture, four, unknown))
        .hasMessage("Job dem has no parameter 'size' (it has cell-size, stat, fill, classes)");
    assertThatThrownBy(() -> new DemJob().apply(Dems.object(fixture).partition(four).get(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Job dem is not configured");
  }

  @Test
  void plotDrawsTheModelWithALegend(@TempDir Path dir) throws Exception {
    String fixture = "las/autzen_trim.las";
    DemJob job = Dems.job(fixture, TileGrid.of(4), Map.of());
    ElevationGrid grid = Dems.dem(fixture, TileGrid.of(4), Map.of());
    Path png = dir.resolve("dem.png");
    assertThat(job.plot(grid, "dem of autzen_trim.las", png)).isTrue();
    BufferedImage image = ImageIO.read(png.toFile());
    // 590 × 282 cells drawn 900 wide, a 200-wide margin for the legend
    assertThat(image.getWidth()).isEqualTo(30 + 900 + 170);
    assertThat(image.getHeight()).isEqualTo(70 + 430 + 90);
    // the lowest cell's colour is the ramp's first, shaded
    Color low = ElevationPicture.colour(0);
    Color legendBottom = new Color(image.getRGB(30 + 900 + 30 + 10, 70 + 359));
    assertThat(legendBottom).isEqualTo(low);
    assertThat(job.plot(ElevationGrid.none(2), "nothing", dir.resolve("none.png"))).isFalse();
  }
}
