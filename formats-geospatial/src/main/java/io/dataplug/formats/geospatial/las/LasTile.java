package io.dataplug.formats.geospatial.las;

import io.dataplug.format.RecordReader;
import java.io.IOException;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /**
   * Reads a tile's batches to the end and counts its own points ({@code records}) and its buffer
   * points ({@code buffer_points}), as the point-cloud formats summarize a slice; closes the
   * reader.
   *
   * @throws IOException if reading fails
   */
  public static Map<String, Long> summarize(RecordReader<LasTile> reader) throws IOException {
    long own = 0;
    long buffered = 0;
    try (reader) {
      while (reader.advance()) {
        LasTile t = reader.current();
        buffered += t.buffer().cardinality();
        own += t.ownPoints();
      }
    }
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("records", own);
    out.put("buffer_points", buffered);
    return out;
  }
}
