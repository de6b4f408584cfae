package io.dataplug.slice;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.StoreConfig;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One slice of an object: a small immutable value describing the byte ranges a worker reads and the
 * little context it needs to decode them. A pure value: it holds no clients, no credentials and no
 * lookups; the entry points that read it ({@code io.dataplug.Slices}) resolve its stores from
 * {@link #storeConfig()} and the standard AWS credential chain, and read exactly its ranges, pinned
 * to each object's ETag so a changed object fails fast.
 *
 * <p>A slice may read several objects: its primary object and companions (an imzML's {@code .ibd}),
 * and its ranges may be contiguous (records) or scattered (LAZ chunks, COPC nodes, tiles); each
 * range names the object it belongs to.
 *
 * <p>Round-trips through JSON ({@link SliceJson}) and Java serialization; either way the canonical
 * constructor runs, so a descriptor is validated again on the worker.
 *
 * @param primary the object the slice belongs to
 * @param companions further objects its ranges may read, in order (ranges number them from 1)
 * @param format the format id
 * @param index this slice's position, from 0
 * @param count the number of slices the object was cut into
 * @param ranges the byte ranges this slice reads, in reading order
 * @param hint the format's decode hint
 * @param storeConfig how to reach the stores (no secrets)
 */
public record DataSlice(
    ObjectRef primary,
    List<ObjectRef> companions,
    String format,
    int index,
    int count,
    List<SliceRange> ranges,
    SliceHint hint,
    StoreConfig storeConfig)
    implements Serializable {
  private static final long serialVersionUID = 2L;

  public DataSlice {
    requireNonNull(primary, "primary is null");
    companions = List.copyOf(companions);
    requireNonNull(format, "format is null");
    requireNonNull(hint, "hint is null");
    requireNonNull(storeConfig, "storeConfig is null");
    ranges = List.copyOf(ranges);
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("index " + index + " is not in [0, " + count + ")");
    }
    for (SliceRange r : ranges) {
      if (r.object() > companions.size()) {
        throw new IllegalArgumentException(
            "range "
                + r
                + " names object "
                + r.object()
                + ", but the slice has "
                + companions.size()
                + " companions");
      }
    }
  }

  /** A slice of one object, reading ranges of it only. */
  public static DataSlice of(
      String location,
      @Nullable String etag,
      String format,
      int index,
      int count,
      List<ByteRange> ranges,
      SliceHint hint,
      StoreConfig storeConfig) {
    List<SliceRange> tagged = new ArrayList<>(ranges.size());
    for (ByteRange r : ranges) {
      tagged.add(SliceRange.of(r));
    }
    return new DataSlice(
        new ObjectRef(location, etag), List.of(), format, index, count, tagged, hint, storeConfig);
  }

  /**
   * This slice, reaching its stores another way (e.g. another endpoint, as a remote worker sees
   * them).
   */
  public DataSlice withStoreConfig(StoreConfig config) {
    return new DataSlice(primary, companions, format, index, count, ranges, hint, config);
  }

  /** The primary object's location, as text. */
  public String location() {
    return primary.location();
  }

  /** The primary object's ETag, or null if its store has none. */
  public @Nullable String etag() {
    return primary.etag();
  }

  /** The primary object's parsed location. */
  public ObjectLocation objectLocation() {
    return primary.objectLocation();
  }

  /** The slice's objects: the primary, then the companions (indexed as ranges number them). */
  public List<ObjectRef> objects() {
    List<ObjectRef> all = new ArrayList<>(1 + companions.size());
    all.add(primary);
    all.addAll(companions);
    return all;
  }

  /** The ranges of object {@code object} (0: the primary), in order. */
  public List<ByteRange> rangesOf(int object) {
    List<ByteRange> out = new ArrayList<>();
    for (SliceRange r : ranges) {
      if (r.object() == object) {
        out.add(r.range());
      }
    }
    return out;
  }

  /** Total bytes of all its ranges. */
  public long length() {
    long n = 0;
    for (SliceRange r : ranges) {
      n += r.length();
    }
    return n;
  }

  /** The hint, cast to the format's hint type. */
  public <H extends SliceHint> H hint(Class<H> type) {
    return type.cast(hint);
  }

  @Override
  public String toString() {
    return format
        + " slice "
        + index
        + "/"
        + count
        + " of "
        + primary
        + (companions.isEmpty() ? "" : " (+" + companions + ")")
        + " "
        + ranges;
  }
}
