package io.dataplug.formats.genomics.fasta;

import io.dataplug.codec.gzip.GzipResume;
import io.dataplug.slice.SliceHint;
import org.jspecify.annotations.Nullable;

/**
 * Decode hint of a FASTA slice.
 *
 * @param name the sequence the slice starts in
 * @param start 0-based base offset where the slice starts in that sequence (0: at its header)
 * @param bases bases in the slice
 * @param sequences sequences whose header is in the slice
 * @param dataOffset offset of the slice in the (decompressed) file
 * @param dataLength bytes of the (decompressed) file in the slice
 * @param gzip where to resume decompressing, or null for a plain file
 */
public record FastaSliceHint(
    String name,
    long start,
    long bases,
    long sequences,
    long dataOffset,
    long dataLength,
    @Nullable GzipResume gzip)
    implements SliceHint {
  private static final long serialVersionUID = 1L;

  public FastaSliceHint {
    if (start < 0 || bases < 0 || sequences < 0 || dataOffset < 0 || dataLength < 0) {
      throw new IllegalArgumentException("negative field in FASTA slice hint");
    }
  }
}
