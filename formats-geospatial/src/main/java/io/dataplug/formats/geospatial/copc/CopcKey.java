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
   * The node's cube in an octree whose root cube is {@code root}: side {@code root side / 2^depth},
   * starting at the root cube's minimum plus the cell index times the side.
   */
  public Bounds3d bounds(Bounds3d root) {
    double side = (root.maxX() - root.minX()) / (1L << depth);
    double minX = root.minX() + x * side;
    double minY = root.minY() + y * side;
    double minZ = root.minZ() + z * side;
    return new Bounds3d(minX, minY, minZ, minX + side, minY + side, minZ + side);
  }

  /** The node's cube in the octree of a COPC info VLR. */
  public Bounds3d bounds(CopcInfo info) {
    return bounds(info.cube());
  }

  @Override
  public String toString() {
    return depth + "-" + x + "-" + y + "-" + z;
  }
}
