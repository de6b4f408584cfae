package io.dataplug.formats.geospatial.las;

import java.util.BitSet;

/**
 * A batch of a tile's points: its own points and, for a buffered request, the points within the
 * buffer, whose positions in the batch are set in {@code buffer} (lidR's buffer flag).
 *
 * @param points the points, in file order
 * @param buffer which of them are buffer points (never the tile's own)
 */
public record LasTile(PointBatch points, BitSet buffer) {
  /** The number of the tile's own points in this batch. */
  public int ownPoints() {
    return points.size() - buffer.cardinality();
  }
}
