package io.dataplug.formats.geospatial.las;

import io.dataplug.formats.geospatial.las.LasFormat.LasTileHint;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Keeps, of each decoded batch, a tile's own points (in its half-open box, or covered by its
 * polygon) and, for a buffered tile, the points within the buffer, flagged; or a chip's points
 * ({@link LasChip}); shared by the point-cloud formats' readers. Not thread-safe: it counts the
 * points of a chip's first and last units as they pass.
 */
public final class TileFilter {
  private final LasTileHint hint;
  private final @Nullable PreparedGeometry inside;
  private final @Nullable PreparedGeometry near;
  private final GeometryFactory points = new GeometryFactory();
  private final @Nullable LasChip chip;
  private long firstSeen;
  private long lastSeen;

  /**
   * A filter for the tile a hint describes.
   *
   * @throws IllegalArgumentException if the hint's polygon is not polygon WKT
   */
  public TileFilter(LasTileHint hint) {
    this.hint = hint;
    this.chip = hint.chip();
    String wkt = hint.polygon();
    Geometry area = wkt == null ? null : TileBoxes.polygon(wkt);
    this.inside = area == null ? null : PreparedGeometryFactory.prepare(area);
    this.near =
        area == null || hint.buffer() <= 0
            ? null
            : PreparedGeometryFactory.prepare(area.buffer(hint.buffer()));
  }

  /**
   * The tile's points of {@code batch} (own and buffer, in batch order); empty if none.
   *
   * @param batch points in file order: all of a range, or the next ones of it
   * @param range the index of the slice's range the batch comes from
   */
  public Optional<LasTile> apply(PointBatch batch, int range) {
    int[] keep = new int[batch.size()];
    BitSet buffer = new BitSet();
    int kept = 0;
    for (int i = 0; i < batch.size(); i++) {
      double x = batch.x()[i];
      double y = batch.y()[i];
      boolean own;
      boolean buffered;
      if (chip != null) {
        int unit = chip.grid() == null ? range : chip.grid().cellOf(x, y);
        long ordinal = unit == chip.first() ? firstSeen++ : unit == chip.last() ? lastSeen++ : 0;
        own = chip.keeps(unit, ordinal);
        buffered = false;
      } else if (inside == null) {
        own = hint.owns(x, y);
        buffered = !own && hint.buffers(x, y);
      } else {
        Point p = points.createPoint(new Coordinate(x, y));
        own = inside.covers(p);
        buffered = !own && near != null && near.covers(p);
      }
      if (own) {
        keep[kept++] = i;
      } else if (buffered) {
        buffer.set(kept);
        keep[kept++] = i;
      }
    }
    if (kept == 0) {
      return Optional.empty();
    }
    // a batch wholly kept (a chunk inside the tile) is passed on as decoded
    return Optional.of(
        new LasTile(
            kept == batch.size() ? batch : batch.select(Arrays.copyOf(keep, kept)), buffer));
  }
}
