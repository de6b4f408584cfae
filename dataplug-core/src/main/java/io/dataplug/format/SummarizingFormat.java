package io.dataplug.format;

import java.io.IOException;
import java.util.Map;

/** A format that counts more than records in a slice (FASTQ and FASTA add {@code bases}). */
public interface SummarizingFormat extends FormatPlugin {
  /**
   * Counts what is in a slice: at least {@code records}, plus the format's own counters. Values
   * from several slices add up.
   */
  Map<String, Long> summarize(SliceContext slice) throws IOException;
}
