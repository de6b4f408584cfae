package io.dataplug.formats.genomics.vcf;

import io.dataplug.slice.SliceHint;
import io.dataplug.text.RecordSliceHint;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decode hint of a VCF slice: the record hint (byte-range slices; for region slices it carries the
 * header and where to resume decompressing), and the region for slices of the {@code regions}
 * strategy.
 *
 * @param records the record hint
 * @param region the genomic region, or null for a byte-range slice
 */
public record VcfSliceHint(RecordSliceHint records, @Nullable VcfRegion region)
    implements SliceHint {
  private static final long serialVersionUID = 1L;

  public Optional<VcfRegion> regionIfAny() {
    return Optional.ofNullable(region);
  }
}
