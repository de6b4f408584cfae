package io.dataplug.text;

import io.dataplug.codec.gzip.GzipResume;
import io.dataplug.slice.SliceHint;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Decode hint of a slice of a record format (text, CSV, FASTQ, VCF, ...), plain or gzip.
 *
 * @param firstRecord zero-based ordinal of the slice's first record (header records not counted)
 * @param records number of records in the slice
 * @param dataOffset offset of the slice's first byte in the (decompressed) stream
 * @param dataLength bytes of the (decompressed) stream the slice holds
 * @param headerLength bytes of header at the start of the (decompressed) stream, 0 if none
 * @param options the format options the index was built with (separator, quote, ...)
 * @param gzip where to resume decompressing, or null for an uncompressed object
 * @param resync true for a slice cut without a record index (BGZF fast path): it holds the records
 *     that start after its first data byte and up to its data end inclusive (from its first byte,
 *     for the slice at the start of the data), found by resynchronising, so it reads no block
 *     before its own; {@code firstRecord} and {@code records} are then -1 (unknown until read)
 */
public record RecordSliceHint(
    long firstRecord,
    long records,
    long dataOffset,
    long dataLength,
    long headerLength,
    Map<String, String> options,
    @Nullable GzipResume gzip,
    boolean resync)
    implements SliceHint {
  private static final long serialVersionUID = 1L;

  public RecordSliceHint {
    if ((resync ? firstRecord != -1 || records != -1 : firstRecord < 0 || records < 0)
        || dataOffset < 0
        || dataLength < 0
        || headerLength < 0) {
      throw new IllegalArgumentException("negative field in record slice hint");
    }
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  /** The gzip resume point, for a compressed object. */
  public Optional<GzipResume> gzipIfCompressed() {
    return Optional.ofNullable(gzip);
  }
}
