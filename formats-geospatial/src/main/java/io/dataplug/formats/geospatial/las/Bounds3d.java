package io.dataplug.formats.geospatial.las;

/**
 * An axis-aligned box in world coordinates (scaled and offset), boundaries included.
 *
 * @param minX smallest x
 * @param minY smallest y
 * @param minZ smallest z
 * @param maxX largest x
 * @param maxY largest y
 * @param maxZ largest z
 */
public record Bounds3d(
    double minX, double minY, double minZ, double maxX, double maxY, double maxZ) {

  /** Whether the point lies inside the box or on its boundary. */
  public boolean contains(double x, double y, double z) {
    return x >= minX && x <= maxX && y >= minY && y <= maxY && z >= minZ && z <= maxZ;
  }
}
