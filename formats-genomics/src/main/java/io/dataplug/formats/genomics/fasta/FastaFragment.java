package io.dataplug.formats.genomics.fasta;

/**
 * Bases of one sequence read by a slice: the whole sequence, or (with the {@code bases} strategy)
 * the part of a long one that falls in the slice, placed by its 0-based start.
 *
 * @param name the sequence name (first word of its header)
 * @param start 0-based offset of the first base in the sequence
 * @param bases the bases, without line breaks
 */
public record FastaFragment(String name, long start, String bases) {
  /** One past the last base (0-based, exclusive), in sequence coordinates. */
  public long end() {
    return start + bases.length();
  }
}
