package io.dataplug.formats.genomics.fasta;

/**
 * What a FASTA index knows about its object, stored typed in the manifest.
 *
 * @param records the number of sequences
 * @param bases their total length
 * @param dataSize bytes of the (decompressed) data
 */
public record FastaIndexSummary(long records, long bases, long dataSize) {
  public FastaIndexSummary {
    if (records < 0 || bases < 0 || dataSize < 0) {
      throw new IllegalArgumentException(
          "negative FASTA index summary: " + records + ", " + bases + ", " + dataSize);
    }
  }
}
