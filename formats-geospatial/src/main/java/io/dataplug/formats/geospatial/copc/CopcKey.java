package io.dataplug.formats.geospatial.copc;

import io.dataplug.formats.geospatial.las.Bounds3d;

/**
 * The key of an octree node: its depth and its cell at that depth.
 *
 * @param depth 0 for the root
 * @param x cell index along x, {@code 0 <= x < 2^depth}
 * @param y cell index along y
 * @param z cell index along z
 */
public record CopcKey(int depth, int x, int y, int z) {
  /** The root's key. */
  public static final CopcKey ROOT = new CopcKey(0, 0, 0, 0);

  /** The deepest level a key may have (cell indexes are 32-bit). */
  public static final int MAX_DEPTH = 30;

  public CopcKey {
    if (!isValid(depth, x, y, z)) {
      throw new IllegalArgumentException("invalid key " + depth + "-" + x + "-" + y + "-" + z);
    }
  }

  static boolean isValid(int depth, int x, int y, int z) {
    if (depth < 0 || depth > MAX_DEPTH) {
      return false;
    }
    int cells = 1 << depth;
    return x >= 0 && x < cells && y >= 0 && y < cells && z >= 0 && z < cells;
  }

  /**
   * The node's cube: side {@code 2 * halfsize / 2^depth}, starting at the root cube's minimum plus
   * the cell index times the side.
   */
  public Bounds3d bounds(CopcInfo info) {
    double side = 2 * info.halfsize() / (1L << depth);
    double minX = info.center().x() - info.halfsize() + x * side;
    double minY = info.center().y() - info.halfsize() + y * side;
    double minZ = info.center().z() - info.halfsize() + z * side;
    return new Bounds3d(minX, minY, minZ, minX + side, minY + side, minZ + side);
  }

  @Override
  public String toString() {
    return depth + "-" + x + "-" + y + "-" + z;
  }
}
