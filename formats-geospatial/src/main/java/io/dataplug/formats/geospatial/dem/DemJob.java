package io.dataplug.formats.geospatial.dem;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.format.RecordReader;
import io.dataplug.formats.geospatial.las.LasFormat.LasTileHint;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.formats.geospatial.las.LasTile;
import io.dataplug.formats.geospatial.las.PointBatch;
import io.dataplug.internal.AxisTicks;
import io.dataplug.job.JobParameter;
import io.dataplug.job.SliceJob;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A digital elevation model of a LiDAR point cloud ({@code dem}), computed tile by tile.
 *
 * <p>The cells are those of one lattice for the whole object (cell {@code (c, r)} covers {@code [c
 * × R, (c + 1) × R) × [r × R, (r + 1) × R)}), so the grid's origin is the object's extent minimum
 * floored to the cell size R and every tile's cells line up. A tile computes each cell's minimum or
 * mean z from its own points and its buffer points, then gives each empty cell the inverse-distance
 * weighted mean (weights 1/d²) of the cells with points within K cells of it; and it keeps only the
 * cells whose centre (clamped into the object's extent) lies in its own half-open box, so every
 * cell is kept by exactly one tile and the merge is a union of disjoint cells.
 *
 * <p>A cell's points lie within R/2 of its tile's box and the cells that fill it within (K + ½) R,
 * so with a buffer of at least (K + ½) R the tiled model equals the one computed in a single pass,
 * cell for cell; with less, cells near the tiles' borders can differ.
 *
 * <p>{@link #configure} takes the object's extent from the slices' tile boxes (their union) and the
 * CRS from the LAS header's GeoKeys or WKT; {@link #write} writes a Float32 GeoTIFF, {@link #plot}
 * a shaded relief with a legend.
 */
public final class DemJob implements SliceJob<ElevationGrid> {
  private static final long serialVersionUID = 1L;

  /**
   * The automatic cell size fits the extent's longer side into at most this many cells (one more
   * where the lattice's alignment cuts a cell at each end).
   */
  static final int AUTO_CELLS = 1000;

  /** The most cells a model, or a tile's working window, may have. */
  static final long MAX_CELLS = 1L << 26;

  private static final JobParameter CELL_SIZE =
      new JobParameter(
          "cell-size",
          "C",
          "Cell size in the CRS's units; auto: the smallest of 1, 2, 5 × 10^k giving at most "
              + AUTO_CELLS
              + " cells across",
          "auto");
  private static final JobParameter STAT =
      new JobParameter("stat", "min|mean", "Each cell's elevation: the min or the mean z", "min");
  private static final JobParameter FILL =
      new JobParameter(
          "fill",
          "K",
          "Fill empty cells by inverse-distance weighting of the cells with points within K cells "
              + "(0: leave them empty); tiles match a single pass when --buffer >= (K + 0.5) * R",
          "3");
  private static final JobParameter CLASSES =
      new JobParameter("classes", "C,...", "Only points of these classes, e.g. 2 (ground)", "all");
  private static final int MAX_FILL = 64;

  /** A cell's elevation from its points. */
  enum Statistic {
    MIN,
    MEAN
  }

  /**
   * What a configured job knows.
   *
   * @param cellSize R
   * @param fill K, in cells
   * @param classes the classes kept; empty keeps all
   * @param minX the object's extent (the union of the tiles' boxes)
   * @param crs the CRS, or null if the file states none
   */
  record Settings(
      double cellSize,
      Statistic statistic,
      int fill,
      List<Integer> classes,
      double minX,
      double minY,
      double maxX,
      double maxY,
      @Nullable GeoKeys crs)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    Settings {
      classes = List.copyOf(classes);
    }

    long cell(double v) {
      return DemJob.cell(v, cellSize);
    }

    /** The centre of column or row {@code i}, clamped into {@code [min, max]}. */
    double centre(long i, double min, double max) {
      return Math.min(max, Math.max(min, (i + 0.5) * cellSize));
    }
  }

  private final @Nullable Settings settings;

  /** The job as found by ServiceLoader: to be {@linkplain #configure configured} before use. */
  public DemJob() {
    this(null);
  }

  private DemJob(@Nullable Settings settings) {
    this.settings = settings;
  }

  @Override
  public String id() {
    return "dem";
  }

  @Override
  public String description() {
    return "digital elevation model of a LiDAR point cloud: min or mean z per cell, gaps filled, "
        + "as GeoTIFF (--out) and shaded relief (--png)";
  }

  @Override
  public Set<String> formats() {
    return Set.of("las");
  }

  @Override
  public List<JobParameter> parameters() {
    return List.of(CELL_SIZE, STAT, FILL, CLASSES);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the CRS from the header of the slices' object (one read of at most 64 KiB and the
   * GeoKeys or WKT records).
   */
  @Override
  public DemJob configure(Map<String, String> values, List<DataSlice> slices) throws IOException {
    List<String> names = parameters().stream().map(JobParameter::name).toList();
    for (String name : values.keySet()) {
      if (!names.contains(name)) {
        throw new IllegalArgumentException(
            "Job dem has no parameter '" + name + "' (it has " + String.join(", ", names) + ")");
      }
    }
    String stat = value(STAT, values);
    Statistic statistic =
        switch (stat) {
          case "min" -> Statistic.MIN;
          case "mean" -> Statistic.MEAN;
          default ->
              throw new IllegalArgumentException("stat must be min or mean, not '" + stat + "'");
        };
    int fill = integer(FILL, values, 0, MAX_FILL);
    List<Integer> classes = new ArrayList<>();
    String c = value(CLASSES, values);
    if (!c.equals("all")) {
      for (String part : c.split(",", -1)) {
        classes.add(integer(CLASSES, part.strip(), 0, 255));
      }
    }
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (DataSlice slice : slices) {
      LasTileHint tile = slice.hint(LasTileHint.class);
      minX = Math.min(minX, tile.minX());
      minY = Math.min(minY, tile.minY());
      maxX = Math.max(maxX, tile.maxX());
      maxY = Math.max(maxY, tile.maxY());
    }
    if (slices.isEmpty()) {
      minX = minY = maxX = maxY = 0;
    }
    String r = value(CELL_SIZE, values);
    double cellSize;
    if (r.equals("auto")) {
      cellSize = autoCellSize(Math.max(maxX - minX, maxY - minY));
    } else {
      try {
        cellSize = Double.parseDouble(r);
      } catch (NumberFormatException e) {
        cellSize = Double.NaN;
      }
      if (!(cellSize > 0) || Double.isInfinite(cellSize)) {
        throw new IllegalArgumentException(
            "cell-size must be a positive number or auto, not '" + r + "'");
      }
    }
    long width = cell(maxX, cellSize) - cell(minX, cellSize) + 1;
    long height = cell(maxY, cellSize) - cell(minY, cellSize) + 1;
    if (width * height > MAX_CELLS) {
      throw new IllegalArgumentException(
          "cell-size "
              + r
              + " gives "
              + width
              + " × "
              + height
              + " cells, more than "
              + MAX_CELLS
              + ": choose a larger one");
    }
    return new DemJob(
        new Settings(cellSize, statistic, fill, classes, minX, minY, maxX, maxY, crsOf(slices)));
  }

  /** The column (of x) or row (of y) of the lattice of cells of side {@code cellSize}. */
  static long cell(double v, double cellSize) {
    return (long) Math.floor(v / cellSize);
  }

  /** The smallest of 1, 2, 5 × 10^k that covers {@code span} in at most {@link #AUTO_CELLS}. */
  static double autoCellSize(double span) {
    return AxisTicks.nice(span / AUTO_CELLS);
  }

  private static String value(JobParameter p, Map<String, String> values) {
    return values.getOrDefault(p.name(), p.defaultValue());
  }

  private static int integer(JobParameter p, Map<String, String> values, int min, int max) {
    return integer(p, value(p, values), min, max);
  }

  private static int integer(JobParameter p, String text, int min, int max) {
    try {
      int v = Integer.parseInt(text);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        p.name() + " must be a whole number from " + min + " to " + max + ", not '" + text + "'");
  }

  /** The CRS in the header of the slices' object, or null if it states none. */
  private static @Nullable GeoKeys crsOf(List<DataSlice> slices) throws IOException {
    if (slices.isEmpty()) {
      return null;
    }
    DataSlice first = slices.get(0);
    ObjectLocation location = first.objectLocation();
    CloudObject object = CloudObject.builder(location).storeConfig(first.storeConfig()).build();
    try (RangeReader reader = object.store().newReader(location, first.etag())) {
      return GeoKeys.of(LasHeader.read(reader), reader).orElse(null);
    }
  }

  /**
   * What this job was configured with.
   *
   * @throws IllegalStateException if it was not
   */
  Settings settings() {
    if (settings == null) {
      throw new IllegalStateException(
          "Job dem is not configured: map the job its configure(...) returns (a backend that "
              + "ships jobs by class name, such as aws_lambda, cannot run it)");
    }
    return settings;
  }

  @Override
  public ElevationGrid apply(DataSlice slice) throws IOException {
    Settings s = settings();
    LasTileHint tile = slice.hint(LasTileHint.class);
    double r = s.cellSize();
    // the cells this tile keeps: those whose clamped centre it owns, among the grid's cells near it
    long cFrom = Math.max(s.cell(s.minX()), s.cell(tile.minX() - r));
    long cTo = Math.min(s.cell(s.maxX()), s.cell(tile.maxX() + r));
    long rFrom = Math.max(s.cell(s.minY()), s.cell(tile.minY() - r));
    long rTo = Math.min(s.cell(s.maxY()), s.cell(tile.maxY() + r));
    long c0 = Long.MAX_VALUE;
    long c1 = Long.MIN_VALUE;
    long r0 = Long.MAX_VALUE;
    long r1 = Long.MIN_VALUE;
    for (long c = cFrom; c <= cTo; c++) {
      for (long row = rFrom; row <= rTo; row++) {
        if (owns(s, tile, c, row)) {
          c0 = Math.min(c0, c);
          c1 = Math.max(c1, c);
          r0 = Math.min(r0, row);
          r1 = Math.max(r1, row);
        }
      }
    }
    if (c0 > c1) {
      return ElevationGrid.none(r);
    }
    Window window = new Window(c0 - s.fill(), r0 - s.fill(), c1 + s.fill(), r1 + s.fill());
    window.add(slice, s);
    int width = (int) (c1 - c0 + 1);
    int height = (int) (r1 - r0 + 1);
    float[] values = new float[width * height];
    Arrays.fill(values, Float.NaN);
    for (int i = 0; i < height; i++) {
      long row = r1 - i;
      for (int j = 0; j < width; j++) {
        if (owns(s, tile, c0 + j, row)) {
          values[i * width + j] = window.elevation(c0 + j, row, s);
        }
      }
    }
    return new ElevationGrid(r, c0, r0, width, height, values);
  }

  private static boolean owns(Settings s, LasTileHint tile, long column, long row) {
    return tile.owns(s.centre(column, s.minX(), s.maxX()), s.centre(row, s.minY(), s.maxY()));
  }

  /** The cells a tile computes from its points: the cells it keeps and K more on every side. */
  private static final class Window {
    private final long column;
    private final long row;
    private final int width;
    private final int height;
    private final double[] low;
    private final double[] sum;
    private final int[] count;

    Window(long c0, long r0, long c1, long r1) {
      long cells = (c1 - c0 + 1) * (r1 - r0 + 1);
      if (cells > MAX_CELLS) {
        throw new IllegalArgumentException(
            "A tile of " + cells + " cells (more than " + MAX_CELLS + "): use more tiles");
      }
      this.column = c0;
      this.row = r0;
      this.width = (int) (c1 - c0 + 1);
      this.height = (int) (r1 - r0 + 1);
      this.low = new double[(int) cells];
      this.sum = new double[(int) cells];
      this.count = new int[(int) cells];
      Arrays.fill(low, Double.POSITIVE_INFINITY);
    }

    /** Adds the slice's points (its own and its buffer points) of the classes kept. */
    void add(DataSlice slice, Settings s) throws IOException {
      boolean[] keep = new boolean[256];
      s.classes().forEach(k -> keep[k] = true);
      try (RecordReader<LasTile> reader = Slices.newRecordReader(slice, LasTile.class)) {
        while (reader.advance()) {
          PointBatch p = reader.current().points();
          short @Nullable [] classes = s.classes().isEmpty() ? null : p.classification();
          double[] x = p.x();
          double[] y = p.y();
          double[] z = p.z();
          for (int i = 0; i < p.size(); i++) {
            if (classes != null && !keep[classes[i]]) {
              continue;
            }
            long c = s.cell(x[i]) - column;
            long r = s.cell(y[i]) - row;
            if (c < 0 || c >= width || r < 0 || r >= height) {
              continue;
            }
            int at = (int) (r * width + c);
            low[at] = Math.min(low[at], z[i]);
            sum[at] += z[i];
            count[at]++;
          }
        }
      }
    }

    /** The cell's elevation from its points, NaN if it has none. */
    private double fromPoints(int at, Settings s) {
      if (count[at] == 0) {
        return Double.NaN;
      }
      return s.statistic() == Statistic.MIN ? low[at] : sum[at] / count[at];
    }

    /**
     * The cell's elevation: from its points, or else weighted by 1/d² from the cells with points
     * within K cells (d in cells); NaN if there are none.
     */
    float elevation(long c, long r, Settings s) {
      int cc = (int) (c - column);
      int rr = (int) (r - row);
      int at = rr * width + cc;
      if (count[at] > 0) {
        return (float) fromPoints(at, s);
      }
      int k = s.fill();
      double weighted = 0;
      double weights = 0;
      for (int dr = -k; dr <= k; dr++) {
        for (int dc = -k; dc <= k; dc++) {
          int d2 = dc * dc + dr * dr;
          int n = (rr + dr) * width + cc + dc;
          if (d2 == 0 || d2 > k * k || count[n] == 0) {
            continue;
          }
          weighted += fromPoints(n, s) / d2;
          weights += 1.0 / d2;
        }
      }
      return weights > 0 ? (float) (weighted / weights) : Float.NaN;
    }
  }

  @Override
  public ElevationGrid empty() {
    return ElevationGrid.none(settings == null ? 1 : settings.cellSize());
  }

  @Override
  public ElevationGrid merge(ElevationGrid a, ElevationGrid b) {
    return a.merge(b);
  }

  /**
   * Width and height in cells, the cell size, the cells with and without an elevation, the lowest
   * and highest elevation (null without any), and the statistic.
   */
  @Override
  public Map<String, Object> summary(ElevationGrid grid) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("width", grid.width());
    out.put("height", grid.height());
    out.put("cell_size", grid.cellSize());
    long filled = grid.cellsWithValue();
    out.put("cells", filled);
    out.put("empty_cells", (long) grid.width() * grid.height() - filled);
    out.put("min_elevation", filled == 0 ? null : round(grid.min()));
    out.put("max_elevation", filled == 0 ? null : round(grid.max()));
    if (settings != null) {
      out.put("statistic", settings.statistic().name().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static double round(float v) {
    return Math.round(v * 1000.0) / 1000.0;
  }

  /** Draws the model as shaded relief in elevation colours, with a legend and a scale bar. */
  @Override
  public boolean plot(ElevationGrid result, String title, Path png) throws IOException {
    if (!result.hasCells()) {
      return false;
    }
    Settings s = settings();
    GeoKeys crs = s.crs();
    String unit = crs == null ? null : crs.linearUnit();
    String subtitle =
        String.format(
            Locale.ROOT,
            "%d × %d cells of %s%s · %s z of the points%s · gaps filled from cells within %d",
            result.width(),
            result.height(),
            ElevationPicture.number(result.cellSize()),
            unit == null ? "" : " " + unit,
            s.statistic().name().toLowerCase(Locale.ROOT),
            s.classes().isEmpty()
                ? ""
                : (s.classes().size() == 1 ? " of class " : " of classes ")
                    + String.join(", ", s.classes().stream().map(String::valueOf).toList()),
            s.fill());
    ElevationPicture.draw(result, unit, title, subtitle, png);
    return true;
  }

  /** Writes the model as a tiled, deflated Float32 GeoTIFF with the point cloud's CRS. */
  @Override
  public boolean write(ElevationGrid result, Path file) throws IOException {
    GeoTiffWriter.write(result, settings().crs(), GeoTiffWriter.Layout.TILES, true, file);
    return true;
  }
}
