package io.dataplug.format;

import static java.util.Objects.requireNonNull;

import io.dataplug.slice.ObjectRef;
import io.dataplug.slice.SliceHint;
import io.dataplug.slice.SliceRange;
import io.dataplug.storage.ByteRange;
import java.util.ArrayList;
import java.util.List;

/**
 * What a format plans for one slice: the companion objects it reads besides the primary, its byte
 * ranges (each tagged with its object) and its decode hint. The core adds the primary object, the
 * slice's position and the store configuration to make a {@link io.dataplug.slice.DataSlice}.
 */
public record SliceSpec(List<ObjectRef> companions, List<SliceRange> ranges, SliceHint hint) {
  public SliceSpec {
    companions = List.copyOf(companions);
    ranges = List.copyOf(ranges);
    requireNonNull(hint, "hint is null");
  }

  /** A slice reading only ranges of the primary object. */
  public static SliceSpec of(List<ByteRange> ranges, SliceHint hint) {
    List<SliceRange> tagged = new ArrayList<>(ranges.size());
    for (ByteRange r : ranges) {
      tagged.add(SliceRange.of(r));
    }
    return new SliceSpec(List.of(), tagged, hint);
  }
}
