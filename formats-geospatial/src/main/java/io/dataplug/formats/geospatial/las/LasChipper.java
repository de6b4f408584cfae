package io.dataplug.formats.geospatial.las;

import io.dataplug.format.SliceSpec;
import io.dataplug.formats.geospatial.las.LasFormat.LasIndexSummary;
import io.dataplug.formats.geospatial.las.LasFormat.LasTileHint;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.SliceRange;
import io.dataplug.storage.ByteRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * Slices of at most k points each, spatially compact (PDAL's {@code filters.chipper} idea): the
 * index's units — cells of the grid for LAS, chunks for LAZ — are walked along a Z-order curve and
 * their points dealt out to consecutive slices, a unit split between two slices where a slice fills
 * up. Exact, because the index knows how many points each unit holds.
 */
final class LasChipper {
  /** Side of the grid chunk centres are placed on to order them. */
  private static final int ORDER_GRID = 1 << 16;

  private LasChipper() {}

  /** The chips of an uncompressed LAS file. */
  static List<SliceSpec> chips(LasIndexSummary s, LasCellIndex cells, long k) {
    LasChip.Grid grid = cells.grid;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < cells.cellPoints.length; i++) {
      if (cells.cellPoints[i] > 0) {
        order.add(i);
      }
    }
    order.sort(
        Comparator.comparingLong(
            (Integer i) -> LasChip.zOrder(i % grid.columns(), i / grid.columns())));
    List<SliceSpec> specs = new ArrayList<>();
    for (Dealt chip : deal(order, i -> cells.cellPoints[i], s.records(), k)) {
      List<Integer> chipCells = chip.units();
      if (chipCells.isEmpty()) {
        specs.add(SliceSpec.of(List.of(), hint(new double[4], List.of(), null)));
        continue;
      }
      List<ByteRange> ranges = new ArrayList<>();
      for (long[] run :
          LasFormat.closeSmallestGaps(cells.runsOf(chipCells), LasFormat.MAX_RANGES)) {
        ranges.add(
            new ByteRange(
                s.pointDataOffset() + run[0] * s.recordLength(), run[1] * s.recordLength()));
      }
      double[] box = extent(chipCells.stream().map(i -> cells.cellBounds[i]).toList());
      LasChip keep =
          new LasChip(
              grid,
              chipCells.get(0),
              chip.firstSkip(),
              chipCells.get(chipCells.size() - 1),
              chip.lastEnd());
      specs.add(SliceSpec.of(ranges, hint(box, List.of(), keep)));
    }
    return specs;
  }

  /** The chips of a LAZ file: a chip reads its chunks, and a part's unit is a range's index. */
  static List<SliceSpec> chips(LasIndexSummary s, List<LazChunkBounds> chunks, long k) {
    double w = Math.max(1e-12, s.maxX() - s.minX());
    double h = Math.max(1e-12, s.maxY() - s.minY());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.get(i).points() > 0) {
        order.add(i);
      }
    }
    order.sort(
        Comparator.comparingLong(
            (Integer i) -> {
              LazChunkBounds c = chunks.get(i);
              int col = (int) ((c.minX() + c.maxX() - 2 * s.minX()) / 2 / w * (ORDER_GRID - 1));
              int row = (int) ((c.minY() + c.maxY() - 2 * s.minY()) / 2 / h * (ORDER_GRID - 1));
              return LasChip.zOrder(col, row);
            }));
    List<SliceSpec> specs = new ArrayList<>();
    for (Dealt chip : deal(order, i -> chunks.get(i).points(), s.records(), k)) {
      if (chip.units().isEmpty()) {
        specs.add(SliceSpec.of(List.of(), hint(new double[4], List.of(), null)));
        continue;
      }
      // the chip reads its chunks in file order, and names its first and last by their place there
      List<Integer> read = chip.units().stream().sorted().toList();
      List<SliceRange> ranges = new ArrayList<>();
      List<Long> points = new ArrayList<>();
      List<double[]> bounds = new ArrayList<>();
      for (int i : read) {
        LazChunkBounds c = chunks.get(i);
        ranges.add(new SliceRange(0, c.offset(), c.length()));
        points.add(c.points());
        bounds.add(new double[] {c.minX(), c.minY(), c.maxX(), c.maxY()});
      }
      LasChip keep =
          new LasChip(
              null,
              read.indexOf(chip.units().get(0)),
              chip.firstSkip(),
              read.indexOf(chip.units().get(chip.units().size() - 1)),
              chip.lastEnd());
      specs.add(new SliceSpec(List.of(), ranges, hint(extent(bounds), points, keep)));
    }
    return specs;
  }

  /**
   * A chip as dealt: its units in order, the points of the first that earlier chips have, and where
   * in the last it ends.
   */
  private record Dealt(List<Integer> units, long firstSkip, long lastEnd) {}

  /**
   * Deals the points of {@code units}, in that order, into chips of {@code k} points (the last may
   * hold fewer).
   */
  private static List<Dealt> deal(
      List<Integer> units, IntToLongFunction points, long total, long k) {
    long chips = (total + k - 1) / k;
    if (chips > PartitionRequest.MAX_SLICES) {
      throw new IllegalArgumentException(
          "Too many slices: " + chips + " of at most " + k + " points for " + total + " points");
    }
    List<Dealt> out = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    long firstSkip = 0;
    long room = k;
    for (int unit : units) {
      long n = points.applyAsLong(unit);
      long done = 0;
      while (done < n) {
        if (current.isEmpty()) {
          firstSkip = done;
        }
        current.add(unit);
        long take = Math.min(n - done, room);
        done += take;
        room -= take;
        if (room == 0) {
          out.add(new Dealt(current, firstSkip, done));
          current = new ArrayList<>();
          room = k;
        }
      }
    }
    if (!current.isEmpty() || out.isEmpty()) {
      long lastEnd = current.isEmpty() ? 0 : points.applyAsLong(current.get(current.size() - 1));
      out.add(new Dealt(current, firstSkip, lastEnd));
    }
    return out;
  }

  private static double[] extent(List<double[]> boxes) {
    double[] e = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    for (double[] b : boxes) {
      e[0] = Math.min(e[0], b[0]);
      e[1] = Math.min(e[1], b[1]);
      e[2] = Math.max(e[2], b[2]);
      e[3] = Math.max(e[3], b[3]);
    }
    return boxes.isEmpty() ? new double[4] : e;
  }

  private static LasTileHint hint(double[] box, List<Long> points, @Nullable LasChip chip) {
    return new LasTileHint(box[0], box[1], box[2], box[3], true, true, 0, points, null, chip);
  }
}
