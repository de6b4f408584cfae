package io.dataplug.text;

import io.dataplug.format.SliceHint;

/**
 * Decode hint of a CSV slice.
 *
 * @param firstRecord zero-based ordinal of the slice's first row (the header not counted)
 * @param records number of rows in the slice
 * @param headerLength bytes of the header record at the start of the object, 0 if none
 * @param separator field separator, one character
 * @param quote quote character, one character
 */
public record CsvSliceHint(long firstRecord, long records, long headerLength, String separator, String quote)
    implements SliceHint {
  private static final long serialVersionUID = 1L;

  public CsvSliceHint {
    if (separator == null || separator.length() != 1 || quote == null || quote.length() != 1) {
      throw new IllegalArgumentException("separator and quote must be one character each");
    }
  }
}
