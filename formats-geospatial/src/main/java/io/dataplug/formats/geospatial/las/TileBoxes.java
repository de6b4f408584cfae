package io.dataplug.formats.geospatial.las;

import io.dataplug.formats.geospatial.las.LasFormat.LasTileHint;
import io.dataplug.partition.PartitionRequest;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;

/**
 * The tile boxes of an area request over a point cloud's extent, shared by the point-cloud formats:
 * a grid of half-open boxes (the last column and row closed at the extent's maximum), a box, or a
 * polygon's envelope, each carrying the buffer distance.
 */
public final class TileBoxes {
  private TileBoxes() {}

  /**
   * The boxes {@code area} asks for over the extent {@code [minX, maxX] × [minY, maxY]}, without
   * per-range point counts.
   *
   * @param area a {@code TileGrid}, {@code TileSize}, {@code BoundingBox} or {@code Polygon}
   * @param buffer the buffer distance of every box (0: none)
   * @throws IllegalArgumentException for another kind of request, too many tiles, or WKT that is
   *     not a polygon
   */
  public static List<LasTileHint> of(
      PartitionRequest area, double minX, double minY, double maxX, double maxY, double buffer) {
    List<LasTileHint> boxes = new ArrayList<>();
    if (area instanceof PartitionRequest.TileGrid g) {
      grid(minX, minY, maxX, maxY, g.columns(), g.rows(), buffer, boxes);
    } else if (area instanceof PartitionRequest.TileSize t) {
      int columns = (int) Math.max(1, Math.ceil((maxX - minX) / t.width()));
      int rows = (int) Math.max(1, Math.ceil((maxY - minY) / t.height()));
      if ((long) columns * rows > PartitionRequest.MAX_SLICES) {
        throw new IllegalArgumentException(
            "Too many tiles: " + columns + "×" + rows + " of " + t.width() + "×" + t.height());
      }
      grid(minX, minY, maxX, maxY, columns, rows, buffer, boxes);
    } else if (area instanceof PartitionRequest.BoundingBox b) {
      boxes.add(
          new LasTileHint(
              b.minX(), b.minY(), b.maxX(), b.maxY(), true, true, buffer, List.of(), null));
    } else if (area instanceof PartitionRequest.Polygon p) {
      Envelope e = polygon(p.wkt()).getEnvelopeInternal();
      boxes.add(
          new LasTileHint(
              e.getMinX(),
              e.getMinY(),
              e.getMaxX(),
              e.getMaxY(),
              true,
              true,
              buffer,
              List.of(),
              p.wkt()));
    } else {
      throw new IllegalArgumentException(
          "'" + area.kind().id() + "' does not make tiles (tiles, tile-size, bbox, polygon do)");
    }
    return boxes;
  }

  /**
   * The polygon of a WKT text.
   *
   * @throws IllegalArgumentException if it is not valid WKT of a polygon or multipolygon
   */
  public static Geometry polygon(String wkt) {
    Geometry g;
    try {
      g = new WKTReader().read(wkt);
    } catch (ParseException e) {
      throw new IllegalArgumentException("Not valid polygon WKT: " + e.getMessage());
    }
    if (!(g instanceof Polygonal) || g.isEmpty()) {
      throw new IllegalArgumentException("Not a polygon: " + g.getGeometryType());
    }
    return g;
  }

  private static void grid(
      double minX,
      double minY,
      double maxX,
      double maxY,
      int columns,
      int rows,
      double buffer,
      List<LasTileHint> out) {
    double w = (maxX - minX) / columns;
    double h = (maxY - minY) / rows;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < columns; c++) {
        out.add(
            new LasTileHint(
                minX + c * w,
                minY + r * h,
                c + 1 == columns ? maxX : minX + (c + 1) * w,
                r + 1 == rows ? maxY : minY + (r + 1) * h,
                c + 1 == columns,
                r + 1 == rows,
                buffer,
                List.of(),
                null));
      }
    }
  }
}
