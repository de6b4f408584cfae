package io.dataplug.formats.geospatial.las;

import io.dataplug.storage.MalformedDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One LAZ chunk as the index has it: where it is, its points, and their x/y extent.
 *
 * <p>Blob layout (little-endian): int chunks, then per chunk long offset, long length, long points,
 * double minX, minY, maxX, maxY.
 */
record LazChunkBounds(
    long offset, long length, long points, double minX, double minY, double maxX, double maxY) {
  static final int BYTES = 56;

  void writeTo(ByteBuffer out) {
    out.putLong(offset).putLong(length).putLong(points);
    out.putDouble(minX).putDouble(minY).putDouble(maxX).putDouble(maxY);
  }

  /**
   * The chunks of an index blob.
   *
   * @throws MalformedDataException naming the blob if its length does not match its chunk count
   */
  static List<LazChunkBounds> parse(byte[] blob, Object source) throws MalformedDataException {
    ByteBuffer in = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
    int n = blob.length < 4 ? -1 : in.getInt();
    if (n < 0 || blob.length != 4 + (long) BYTES * n) {
      throw new MalformedDataException(
          "Corrupted index file: " + source + " (" + n + " chunks in " + blob.length + " bytes)");
    }
    List<LazChunkBounds> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          new LazChunkBounds(
              in.getLong(),
              in.getLong(),
              in.getLong(),
              in.getDouble(),
              in.getDouble(),
              in.getDouble(),
              in.getDouble()));
    }
    return out;
  }
}
