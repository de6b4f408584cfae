package io.dataplug.formats.genomics.vcf;

import java.io.Serializable;

/**
 * A genomic region a VCF slice holds: the records of {@code chrom} whose POS - 1 lies in {@code
 * [start, end)} (0-based, half-open), so every record is in exactly one region. Reading starts at
 * byte {@code blockOffset} of the BGZF block where the slice's range starts (the tabix linear index
 * gives that virtual offset).
 *
 * @param chrom the chromosome (sequence) name
 * @param start first 0-based position
 * @param end one past the last 0-based position
 * @param blockOffset offset in the first block's decompressed bytes where reading starts
 */
public record VcfRegion(String chrom, long start, long end, int blockOffset)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public VcfRegion {
    if (chrom == null
        || chrom.isEmpty()
        || start < 0
        || end < start
        || blockOffset < 0
        || blockOffset > 0xffff) {
      throw new IllegalArgumentException("invalid VCF region");
    }
  }

  /** The region in samtools notation, 1-based inclusive ({@code chr1:1-16384}). */
  @Override
  public String toString() {
    return chrom + ":" + (start + 1) + "-" + (end >= Integer.MAX_VALUE ? "" : Long.toString(end));
  }
}
