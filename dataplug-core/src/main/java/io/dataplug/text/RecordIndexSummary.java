package io.dataplug.text;

import static java.util.Objects.requireNonNull;

/**
 * What the index of a record format knows about its object, stored typed in the manifest.
 *
 * @param records the number of records, or -1 where the index does not count them (the BGZF fast
 *     path finds records when slices are read)
 * @param headerLength bytes of header at the start of the (decompressed) data, 0 if none
 * @param header the header's text (empty if none)
 */
public record RecordIndexSummary(long records, long headerLength, String header) {
  public RecordIndexSummary {
    if (records < -1) {
      throw new IllegalArgumentException("records is negative: " + records);
    }
    if (headerLength < 0) {
      throw new IllegalArgumentException("headerLength is negative: " + headerLength);
    }
    requireNonNull(header, "header is null");
  }
}
