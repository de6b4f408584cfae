package io.dataplug.formats.geospatial.las;

import io.dataplug.storage.ByteRange;

/**
 * One chunk of a LAZ file: a run of points that decodes on its own.
 *
 * @param index the chunk's position in the chunk table, from 0
 * @param offset where its bytes start in the object
 * @param byteLength how many bytes it has
 * @param pointCount how many points it holds
 * @param firstPoint the index of its first point in the file
 */
public record LazChunk(int index, long offset, long byteLength, long pointCount, long firstPoint) {

  public LazChunk {
    if (index < 0) {
      throw new IllegalArgumentException("index is negative: " + index);
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset is negative: " + offset);
    }
    if (byteLength <= 0) {
      throw new IllegalArgumentException("byteLength is not positive: " + byteLength);
    }
    if (pointCount <= 0) {
      throw new IllegalArgumentException("pointCount is not positive: " + pointCount);
    }
    if (firstPoint < 0) {
      throw new IllegalArgumentException("firstPoint is negative: " + firstPoint);
    }
  }

  /** The chunk's bytes in the object. */
  public ByteRange range() {
    return new ByteRange(offset, byteLength);
  }
}
