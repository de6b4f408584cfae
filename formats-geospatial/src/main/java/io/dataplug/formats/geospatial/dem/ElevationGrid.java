package io.dataplug.formats.geospatial.dem;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Elevations on a block of square cells of one global lattice: cell {@code (column, row)} covers x
 * in {@code [column × cellSize, (column + 1) × cellSize)} and y in {@code [row × cellSize, (row +
 * 1) × cellSize)}, so grids of the same cell size line up wherever they were computed.
 *
 * <p>The values array is not copied: do not modify it. {@code equals} compares it by identity (as
 * records do with arrays); compare {@link #values()} with {@link Arrays#equals(float[], float[])}.
 *
 * @param cellSize the cell's side, in CRS units
 * @param column the westmost column of the block
 * @param row the southmost row of the block
 * @param width the number of columns
 * @param height the number of rows
 * @param values north-up, row by row: {@code values[i * width + j]} is the cell {@code (column + j,
 *     row + height - 1 - i)}; NaN where a cell has no elevation
 */
public record ElevationGrid(
    double cellSize, long column, long row, int width, int height, float[] values)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ElevationGrid {
    if (!(cellSize > 0) || Double.isInfinite(cellSize)) {
      throw new IllegalArgumentException("cellSize is not positive: " + cellSize);
    }
    if (width < 0 || height < 0 || values.length != (long) width * height) {
      throw new IllegalArgumentException(
          width + "×" + height + " cells do not match " + values.length + " values");
    }
  }

  /** A grid without cells. */
  public static ElevationGrid none(double cellSize) {
    return new ElevationGrid(cellSize, 0, 0, 0, 0, new float[0]);
  }

  /** Whether the grid has any cell (with or without a value). */
  public boolean hasCells() {
    return width > 0 && height > 0;
  }

  /** The value of cell {@code (c, r)}; NaN outside the block or where the cell has none. */
  public float value(long c, long r) {
    if (c < column || c >= column + width || r < row || r >= row + height) {
      return Float.NaN;
    }
    return values[(int) ((row + height - 1 - r) * width + (c - column))];
  }

  /** The x of the block's west edge. */
  public double west() {
    return column * cellSize;
  }

  /** The y of the block's north edge. */
  public double north() {
    return (row + height) * cellSize;
  }

  /** The number of cells with a value. */
  public long cellsWithValue() {
    long n = 0;
    for (float v : values) {
      if (!Float.isNaN(v)) {
        n++;
      }
    }
    return n;
  }

  /** The smallest value; NaN if no cell has one. */
  public float min() {
    float min = Float.NaN;
    for (float v : values) {
      if (v < min || Float.isNaN(min)) {
        min = v;
      }
    }
    return min;
  }

  /** The largest value; NaN if no cell has one. */
  public float max() {
    float max = Float.NaN;
    for (float v : values) {
      if (v > max || Float.isNaN(max)) {
        max = v;
      }
    }
    return max;
  }

  /**
   * Both grids in one block: the smallest block holding both, each cell taking the value of the
   * grid that has one.
   *
   * @throws IllegalArgumentException if the cell sizes differ, or a cell has a value in both (the
   *     grids of a job's slices have disjoint cells)
   */
  public ElevationGrid merge(ElevationGrid other) {
    if (!other.hasCells()) {
      return this;
    }
    if (!hasCells()) {
      return other;
    }
    if (cellSize != other.cellSize) {
      throw new IllegalArgumentException(
          "cell sizes differ: " + cellSize + " and " + other.cellSize);
    }
    long c0 = Math.min(column, other.column);
    long r0 = Math.min(row, other.row);
    long c1 = Math.max(column + width, other.column + other.width);
    long r1 = Math.max(row + height, other.row + other.height);
    int w = Math.toIntExact(c1 - c0);
    int h = Math.toIntExact(r1 - r0);
    float[] out = new float[Math.multiplyExact(w, h)];
    Arrays.fill(out, Float.NaN);
    ElevationGrid merged = new ElevationGrid(cellSize, c0, r0, w, h, out);
    merged.copy(this);
    merged.copy(other);
    return merged;
  }

  /** Copies the values of {@code from} (inside this block) into this grid's array. */
  private void copy(ElevationGrid from) {
    for (int i = 0; i < from.height; i++) {
      long r = from.row + from.height - 1 - i;
      int at = (int) ((row + height - 1 - r) * width + (from.column - column));
      for (int j = 0; j < from.width; j++) {
        float v = from.values[i * from.width + j];
        if (Float.isNaN(v)) {
          continue;
        }
        if (!Float.isNaN(values[at + j])) {
          throw new IllegalArgumentException(
              "cell (" + (from.column + j) + ", " + r + ") has a value in both grids");
        }
        values[at + j] = v;
      }
    }
  }
}
