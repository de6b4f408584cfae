package io.dataplug.formats.geospatial.copc;

import static java.util.Objects.requireNonNull;

import io.dataplug.formats.geospatial.las.Bounds3d;
import io.dataplug.storage.ByteRange;

/**
 * One octree node of a COPC hierarchy: a LAZ chunk and its point count.
 *
 * @param key the node's key
 * @param offset where its chunk starts (0 for a node without points)
 * @param byteSize the chunk's length (0 for a node without points)
 * @param pointCount the number of points in the chunk, {@code >= 0}
 */
public record CopcNode(CopcKey key, long offset, int byteSize, int pointCount) {

  public CopcNode {
    requireNonNull(key, "key is null");
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
    if (byteSize < 0) {
      throw new IllegalArgumentException("byteSize is negative: " + byteSize);
    }
    if (pointCount < 0) {
      throw new IllegalArgumentException("pointCount is negative: " + pointCount);
    }
    if (pointCount > 0 && byteSize == 0) {
      throw new IllegalArgumentException("a node with points has no bytes: " + key);
    }
  }

  /** The chunk's bytes. */
  public ByteRange range() {
    return new ByteRange(offset, byteSize);
  }

  /** The node's cube. */
  public Bounds3d bounds(CopcInfo info) {
    return key.bounds(info);
  }
}
