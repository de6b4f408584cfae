package io.dataplug.text;

import io.dataplug.format.SliceHint;

/**
 * Decode hint of a text slice.
 *
 * @param firstRecord zero-based ordinal of the slice's first line in the object
 * @param records number of lines in the slice
 */
public record LineSliceHint(long firstRecord, long records) implements SliceHint {
  private static final long serialVersionUID = 1L;
}
