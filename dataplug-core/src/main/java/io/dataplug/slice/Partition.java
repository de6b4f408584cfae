package io.dataplug.slice;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The slices of one partition request, in order (an unmodifiable list), and how many were asked
 * for. A format never makes an empty slice: when the index has fewer useful cut points than the
 * slices asked for (a small object cut into many slices), there are fewer slices, and {@link
 * #shortfall()} says so in one line.
 */
public final class Partition extends AbstractList<DataSlice> implements RandomAccess, Serializable {
  private static final long serialVersionUID = 1L;

  private final List<DataSlice> slices;
  private final long requested;
  private final String source;

  /**
   * @param slices the slices made
   * @param requested the number of slices asked for; 0 when the request names no number (slices of
   *     a size, tiles, regions)
   * @param source the object cut, for the message
   */
  public Partition(List<DataSlice> slices, long requested, String source) {
    this.slices = List.copyOf(slices);
    if (requested < 0) {
      throw new IllegalArgumentException("requested is negative: " + requested);
    }
    this.requested = requested;
    this.source = requireNonNull(source, "source is null");
  }

  @Override
  public DataSlice get(int index) {
    return slices.get(index);
  }

  @Override
  public int size() {
    return slices.size();
  }

  /** The number of slices asked for; 0 when the request named no number. */
  public long requested() {
    return requested;
  }

  /**
   * One line saying that fewer slices were made than asked for, and why; empty when the request was
   * met (or named no number).
   */
  public Optional<String> shortfall() {
    if (slices.size() >= requested) {
      return Optional.empty();
    }
    return Optional.of(
        requested
            + " slices asked, "
            + slices.size()
            + " made: the index of "
            + source
            + " has no more useful cut points (more slices would be empty)");
  }
}
