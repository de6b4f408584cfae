package io.dataplug.format;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ByteRange;
import java.util.List;

/**
 * What a format plans for one slice: the byte ranges of the object it reads and its decode hint.
 * The core adds the location, ETag and store configuration to make a {@link io.dataplug.DataSlice}.
 */
public record SliceSpec(List<ByteRange> ranges, SliceHint hint) {
  public SliceSpec {
    ranges = List.copyOf(ranges);
    requireNonNull(hint, "hint is null");
  }
}
