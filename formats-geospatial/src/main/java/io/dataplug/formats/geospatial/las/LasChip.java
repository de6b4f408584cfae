package io.dataplug.formats.geospatial.las;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What a slice of at most k points (a chip, as PDAL's {@code filters.chipper} calls it) keeps. The
 * index's units — cells of the grid for LAS, chunks for LAZ — are put in a Z-order and their points
 * dealt out, in file order within a unit, to consecutive chips; so a chip keeps the units from
 * {@code first} to {@code last} in that order, all their points but the first {@code firstSkip} of
 * {@code first} and those from {@code lastEnd} on of {@code last}. Every point is in exactly one
 * unit, so the chips of an object hold each point once.
 *
 * @param grid the cell grid that assigns a point to its cell, the units of a LAS chip in Z-order of
 *     their cells; null for LAZ, whose units are the chunks the slice reads (all of them kept)
 * @param first the first unit: a cell number (LAS) or the index of a range the slice reads (LAZ)
 * @param firstSkip the points of {@code first} that earlier chips keep
 * @param last the last unit
 * @param lastEnd the points of {@code last} this and earlier chips keep (ordinals below it)
 */
public record LasChip(@Nullable Grid grid, int first, long firstSkip, int last, long lastEnd)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Whether the {@code ordinal}-th point (in file order) of {@code unit} is this chip's. */
  boolean keeps(int unit, long ordinal) {
    if (grid != null) {
      long z = grid.zOrder(unit);
      if (z < grid.zOrder(first) || z > grid.zOrder(last)) {
        return false;
      }
    }
    return (unit != first || ordinal >= firstSkip) && (unit != last || ordinal < lastEnd);
  }

  /**
   * A grid of {@code columns × rows} cells over {@code [minX, maxX] × [minY, maxY]}; points outside
   * it belong to the border cells.
   */
  public record Grid(int columns, int rows, double minX, double minY, double maxX, double maxY)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The row-major number of the cell holding {@code (x, y)}. */
    public int cellOf(double x, double y) {
      int c = (int) ((x - minX) / Math.max(1e-12, maxX - minX) * columns);
      int r = (int) ((y - minY) / Math.max(1e-12, maxY - minY) * rows);
      return Math.max(0, Math.min(rows - 1, r)) * columns + Math.max(0, Math.min(columns - 1, c));
    }

    /** The Z-order of cell {@code cell}. */
    long zOrder(int cell) {
      return LasChip.zOrder(cell % columns, cell / columns);
    }
  }

  /**
   * The position of {@code (column, row)} along a Z-order (Morton) curve, which keeps cells that
   * are near on the curve near in space.
   */
  static long zOrder(int column, int row) {
    return spread(column) | spread(row) << 1;
  }

  private static long spread(int v) {
    long x = v & 0xFFFFFFFFL;
    x = (x | x << 16) & 0x0000FFFF0000FFFFL;
    x = (x | x << 8) & 0x00FF00FF00FF00FFL;
    x = (x | x << 4) & 0x0F0F0F0F0F0F0F0FL;
    x = (x | x << 2) & 0x3333333333333333L;
    x = (x | x << 1) & 0x5555555555555555L;
    return x;
  }
}
