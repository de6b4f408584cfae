package io.dataplug.format;

import java.io.IOException;
import java.util.Map;

/**
 * A format that counts more than records in a slice (FASTQ and FASTA add {@code bases}), or also
 * reports the ranges of its values (LAS: the bounds of the points).
 */
public interface SummarizingFormat extends FormatPlugin {
  /**
   * Counts what is in a slice: at least {@code records}, plus the format's own counters. Values
   * from several slices add up.
   */
  Map<String, Long> summarize(SliceContext slice) throws IOException;

  /**
   * The slice's counters and the ranges of its values, in one pass (see {@link SliceSummary} for
   * how summaries of several slices merge). The default has the {@link #summarize} counters and no
   * ranges; a format that reports ranges overrides this and has {@link #summarize} return its
   * counters.
   */
  default SliceSummary summary(SliceContext slice) throws IOException {
    return SliceSummary.ofCounts(summarize(slice));
  }
}
