package io.dataplug.format;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a slice holds, in a form that merges across slices: counters that add up ({@code records},
 * {@code bases}, {@code buffer_points}) and value ranges that merge by taking the smallest minimum
 * and the largest maximum (a point cloud's {@code x}, {@code y}, {@code z}).
 *
 * @param counts named counters, in a stable order; merged by adding
 * @param ranges named closed ranges of values, in a stable order; merged by union; empty for
 *     formats that track none
 */
public record SliceSummary(Map<String, Long> counts, Map<String, ValueRange> ranges)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The summary of no slices. */
  public static final SliceSummary EMPTY = new SliceSummary(Map.of(), Map.of());

  public SliceSummary {
    counts = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(counts, "counts")));
    ranges = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(ranges, "ranges")));
  }

  /** A summary of counters only. */
  public static SliceSummary ofCounts(Map<String, Long> counts) {
    return new SliceSummary(counts, Map.of());
  }

  /** Both summaries together: counters added, ranges united (keys in first-seen order). */
  public SliceSummary merge(SliceSummary other) {
    Map<String, Long> c = new LinkedHashMap<>(counts);
    other.counts.forEach((k, v) -> c.merge(k, v, Long::sum));
    Map<String, ValueRange> r = new LinkedHashMap<>(ranges);
    other.ranges.forEach((k, v) -> r.merge(k, v, ValueRange::union));
    return new SliceSummary(c, r);
  }

  /**
   * A closed range of values.
   *
   * @param min the smallest value
   * @param max the largest value
   */
  public record ValueRange(double min, double max) implements Serializable {
    private static final long serialVersionUID = 1L;

    public ValueRange {
      if (!(min <= max)) {
        throw new IllegalArgumentException("min " + min + " is not <= max " + max);
      }
    }

    /** The smallest range holding both. */
    public ValueRange union(ValueRange other) {
      return new ValueRange(Math.min(min, other.min), Math.max(max, other.max));
    }
  }
}
