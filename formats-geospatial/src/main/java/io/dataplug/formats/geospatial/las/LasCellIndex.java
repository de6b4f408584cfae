package io.dataplug.formats.geospatial.las;

import io.dataplug.storage.MalformedDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the points of an uncompressed LAS file lie, as LAStools' {@code .lax} has it: the extent
 * cut into a grid of cells, and for each cell the runs of point records that fall in it (runs a few
 * points apart merged, so scan-line data does not make a run per point) and the cell's actual
 * bounds. A tile reads only the runs of the cells it meets, and keeps only its own points.
 *
 * <p>Blob layout (little-endian): int columns, int rows, double minX, minY, maxX, maxY of the grid;
 * then per cell (row-major): double minX, minY, maxX, maxY of its points (NaN when empty), long
 * points in it, int runs, then runs × (long first point, int count).
 */
final class LasCellIndex {
  /** Points between two runs of a cell that are merged into one (fetched and skipped). */
  static final int MERGE_GAP = 64;

  final LasChip.Grid grid;
  final double[][] cellBounds;

  /** The points in each cell (its runs may hold other cells' points too, merged across gaps). */
  final long[] cellPoints;

  final long[][] runFirst;
  final int[][] runCount;

  private LasCellIndex(
      LasChip.Grid grid,
      double[][] cellBounds,
      long[] cellPoints,
      long[][] runFirst,
      int[][] runCount) {
    this.grid = grid;
    this.cellBounds = cellBounds;
    this.cellPoints = cellPoints;
    this.runFirst = runFirst;
    this.runCount = runCount;
  }

  /** Builds the index from points in file order. */
  static final class Builder {
    private final LasChip.Grid grid;
    private final double[][] bounds;
    private final long[] points;
    private final List<List<long[]>> runs = new ArrayList<>();
    private long next;

    Builder(double minX, double minY, double maxX, double maxY, long points) {
      int side = (int) Math.max(1, Math.min(256, Math.sqrt(points / 4096.0)));
      this.grid = new LasChip.Grid(side, side, minX, minY, maxX, maxY);
      this.bounds = new double[side * side][];
      this.points = new long[side * side];
      for (int i = 0; i < side * side; i++) {
        runs.add(new ArrayList<>());
      }
    }

    void add(double[] xs, double[] ys, int count) {
      for (int i = 0; i < count; i++) {
        double x = xs[i];
        double y = ys[i];
        int cell = grid.cellOf(x, y);
        points[cell]++;
        double[] b = bounds[cell];
        if (b == null) {
          bounds[cell] = new double[] {x, y, x, y};
        } else {
          b[0] = Math.min(b[0], x);
          b[1] = Math.min(b[1], y);
          b[2] = Math.max(b[2], x);
          b[3] = Math.max(b[3], y);
        }
        List<long[]> cellRuns = runs.get(cell);
        long[] last = cellRuns.isEmpty() ? null : cellRuns.get(cellRuns.size() - 1);
        long point = next++;
        if (last != null && point - (last[0] + last[1]) <= MERGE_GAP) {
          last[1] = point - last[0] + 1;
        } else {
          cellRuns.add(new long[] {point, 1});
        }
      }
    }

    LasCellIndex build() {
      int cells = grid.columns() * grid.rows();
      double[][] cb = new double[cells][];
      long[][] rf = new long[cells][];
      int[][] rc = new int[cells][];
      for (int i = 0; i < cells; i++) {
        cb[i] =
            bounds[i] == null
                ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}
                : bounds[i];
        List<long[]> r = runs.get(i);
        rf[i] = new long[r.size()];
        rc[i] = new int[r.size()];
        for (int j = 0; j < r.size(); j++) {
          rf[i][j] = r.get(j)[0];
          rc[i][j] = (int) r.get(j)[1];
        }
      }
      return new LasCellIndex(grid, cb, points.clone(), rf, rc);
    }
  }

  byte[] toBytes() {
    int size = 8 + 32;
    for (int i = 0; i < runFirst.length; i++) {
      size += 32 + 8 + 4 + 12 * runFirst[i].length;
    }
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(grid.columns()).putInt(grid.rows());
    b.putDouble(grid.minX()).putDouble(grid.minY()).putDouble(grid.maxX()).putDouble(grid.maxY());
    for (int i = 0; i < runFirst.length; i++) {
      for (double v : cellBounds[i]) {
        b.putDouble(v);
      }
      b.putLong(cellPoints[i]);
      b.putInt(runFirst[i].length);
      for (int j = 0; j < runFirst[i].length; j++) {
        b.putLong(runFirst[i][j]).putInt(runCount[i][j]);
      }
    }
    return b.array();
  }

  /**
   * Parses a blob written by {@link #toBytes}, checking every run lies inside {@code points}.
   *
   * @throws MalformedDataException naming the blob if it is truncated or inconsistent
   */
  static LasCellIndex parse(byte[] data, Object source, long points) throws MalformedDataException {
    try {
      ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
      int columns = b.getInt();
      int rows = b.getInt();
      if (columns < 1 || rows < 1 || (long) columns * rows > 1 << 20) {
        throw corrupt(source, "grid of " + columns + "×" + rows + " cells");
      }
      double minX = b.getDouble();
      double minY = b.getDouble();
      double maxX = b.getDouble();
      double maxY = b.getDouble();
      int cells = columns * rows;
      double[][] cb = new double[cells][];
      long[] cp = new long[cells];
      long total = 0;
      long[][] rf = new long[cells][];
      int[][] rc = new int[cells][];
      for (int i = 0; i < cells; i++) {
        cb[i] = new double[] {b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble()};
        cp[i] = b.getLong();
        if (cp[i] < 0 || cp[i] > points) {
          throw corrupt(source, "cell " + i + " claims " + cp[i] + " points");
        }
        total += cp[i];
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 12) {
          throw corrupt(source, "cell " + i + " claims " + n + " runs");
        }
        rf[i] = new long[n];
        rc[i] = new int[n];
        for (int j = 0; j < n; j++) {
          rf[i][j] = b.getLong();
          rc[i][j] = b.getInt();
          if (rf[i][j] < 0 || rc[i][j] < 1 || rf[i][j] + rc[i][j] > points) {
            throw corrupt(source, "cell " + i + " has a run outside the " + points + " points");
          }
        }
      }
      if (b.hasRemaining()) {
        throw corrupt(source, b.remaining() + " bytes after the last cell");
      }
      if (total != points) {
        throw corrupt(source, "its cells hold " + total + " points, not " + points);
      }
      return new LasCellIndex(
          new LasChip.Grid(columns, rows, minX, minY, maxX, maxY), cb, cp, rf, rc);
    } catch (java.nio.BufferUnderflowException e) {
      throw corrupt(source, "truncated");
    }
  }

  private static MalformedDataException corrupt(Object source, String what) {
    return new MalformedDataException("Corrupted index file: " + source + " (" + what + ")");
  }

  /**
   * The runs of points that can lie in {@code [minX, maxX] × [minY, maxY]}, sorted and merged:
   * pairs of (first point, count).
   */
  List<long[]> runsMeeting(double qMinX, double qMinY, double qMaxX, double qMaxY) {
    List<Integer> cells = new ArrayList<>();
    for (int i = 0; i < runFirst.length; i++) {
      double[] c = cellBounds[i];
      if (runFirst[i].length > 0
          && c[2] >= qMinX
          && c[0] <= qMaxX
          && c[3] >= qMinY
          && c[1] <= qMaxY) {
        cells.add(i);
      }
    }
    return runsOf(cells);
  }

  /** The runs of points of {@code cells}, sorted and merged: pairs of (first point, count). */
  List<long[]> runsOf(Iterable<Integer> cells) {
    List<long[]> out = new ArrayList<>();
    for (int i : cells) {
      for (int j = 0; j < runFirst[i].length; j++) {
        out.add(new long[] {runFirst[i][j], runCount[i][j]});
      }
    }
    out.sort((a, b) -> Long.compare(a[0], b[0]));
    List<long[]> merged = new ArrayList<>();
    for (long[] r : out) {
      long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && r[0] <= last[0] + last[1]) {
        last[1] = Math.max(last[1], r[0] + r[1] - last[0]);
      } else {
        merged.add(Arrays.copyOf(r, 2));
      }
    }
    return merged;
  }
}
