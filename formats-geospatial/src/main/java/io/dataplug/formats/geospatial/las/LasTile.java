package io.dataplug.formats.geospatial.las;

import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceSummary;
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
   * Reads a tile's batches to the end, as the point-cloud formats summarize a slice: its own points
   * ({@code records}), its buffer points ({@code buffer_points}), and the ranges {@code x}, {@code
   * y}, {@code z} of its own points (none when it has none); closes the reader.
   *
   * @throws IOException if reading fails
   */
  public static SliceSummary summary(RecordReader<LasTile> reader) throws IOException {
    long own = 0;
    long buffered = 0;
    double[] min = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    double[] max = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
    try (reader) {
      while (reader.advance()) {
        LasTile t = reader.current();
        PointBatch p = t.points();
        for (int i = t.buffer().nextClearBit(0); i < p.size(); i = t.buffer().nextClearBit(i + 1)) {
          min[0] = Math.min(min[0], p.x()[i]);
          min[1] = Math.min(min[1], p.y()[i]);
          min[2] = Math.min(min[2], p.z()[i]);
          max[0] = Math.max(max[0], p.x()[i]);
          max[1] = Math.max(max[1], p.y()[i]);
          max[2] = Math.max(max[2], p.z()[i]);
        }
        buffered += t.buffer().cardinality();
        own += t.ownPoints();
      }
    }
    Map<String, SliceSummary.ValueRange> ranges = new LinkedHashMap<>();
    if (own > 0) {
      ranges.put("x", new SliceSummary.ValueRange(min[0], max[0]));
      ranges.put("y", new SliceSummary.ValueRange(min[1], max[1]));
      ranges.put("z", new SliceSummary.ValueRange(min[2], max[2]));
    }
    return new SliceSummary(counts(own, buffered), ranges);
  }

  /** A tile's counters: its own points as {@code records}, and its {@code buffer_points}. */
  static Map<String, Long> counts(long own, long buffered) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put("records", own);
    out.put("buffer_points", buffered);
    return out;
  }
}
