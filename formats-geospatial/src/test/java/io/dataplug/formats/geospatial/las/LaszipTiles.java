package io.dataplug.formats.geospatial.las;

import com.github.mreutegg.laszip4j.CloseablePointIterable;
import com.github.mreutegg.laszip4j.LASHeader;
import com.github.mreutegg.laszip4j.LASPoint;
import com.github.mreutegg.laszip4j.LASReader;
import java.nio.file.Path;

/**
 * The independent side of tiling tests and benchmarks: laszip4j's own sequential reader ({@link
 * LASReader}) reads every point of a file, and each point is put into one tile of a {@code columns
 * × rows} grid over an extent. A tile is half-open, {@code [min, max)} in x and y, except the last
 * column and row, which are closed at the extent's maximum; tile edges lie at {@code min + i × (max
 * − min) / columns} (rows likewise), so the grid is that of a {@code las} tile request over the
 * same extent.
 *
 * @param minX the extent's smallest x
 * @param minY its smallest y
 * @param maxX its largest x
 * @param maxY its largest y
 * @param columns tiles across x
 * @param rows tiles across y
 */
public record LaszipTiles(
    double minX, double minY, double maxX, double maxY, int columns, int rows) {

  /** What laszip4j's sequential read found. */
  public record Read(long points, long[] perTile, double[] min, double[] max) {}

  /**
   * Reads every point of {@code file} with laszip4j's {@link LASReader} and counts the points of
   * each tile (row-major, row 0 at the smallest y); points outside the extent fail the read.
   */
  public Read count(Path file) throws Exception {
    long[] perTile = new long[columns * rows];
    double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    LASReader reader = new LASReader(file.toFile());
    LASHeader h = reader.getHeader();
    double sx = h.getXScaleFactor();
    double sy = h.getYScaleFactor();
    double sz = h.getZScaleFactor();
    double ox = h.getXOffset();
    double oy = h.getYOffset();
    double oz = h.getZOffset();
    long n = 0;
    try (CloseablePointIterable points = reader.getCloseablePoints()) {
      for (LASPoint p : points) {
        double x = p.getX() * sx + ox;
        double y = p.getY() * sy + oy;
        double z = p.getZ() * sz + oz;
        perTile[tileOf(x, y)]++;
        min[0] = Math.min(min[0], x);
        min[1] = Math.min(min[1], y);
        min[2] = Math.min(min[2], z);
        max[0] = Math.max(max[0], x);
        max[1] = Math.max(max[1], y);
        max[2] = Math.max(max[2], z);
        n++;
      }
    }
    return new Read(n, perTile, min, max);
  }

  /**
   * The tile of a point in the extent (row-major).
   *
   * @throws IllegalArgumentException if the point is outside the extent
   */
  public int tileOf(double x, double y) {
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) {
      throw new IllegalArgumentException("(" + x + ", " + y + ") is outside the extent");
    }
    return cell(y, minY, maxY, rows) * columns + cell(x, minX, maxX, columns);
  }

  /** The interval of {@code v} among {@code n} equal ones over [min, max], edges as in the grid. */
  private static int cell(double v, double min, double max, int n) {
    double w = (max - min) / n;
    int i = Math.max(0, Math.min(n - 1, (int) ((v - min) / w)));
    while (i > 0 && v < min + i * w) {
      i--;
    }
    while (i < n - 1 && v >= min + (i + 1) * w) {
      i++;
    }
    return i;
  }
}
