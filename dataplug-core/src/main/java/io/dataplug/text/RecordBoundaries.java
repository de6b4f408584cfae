package io.dataplug.text;

import io.dataplug.partition.PartitionRequest;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The index of a record-oriented byte stream: record starts sampled at least every {@code spacing}
 * bytes, each with the ordinal of the record that starts there, plus the end of the data with the
 * total record count. Slices are cut only at these points, so every slice starts exactly on a
 * record and knows how many records it holds.
 *
 * <p>Stored little-endian: magic {@code DPRB}, int32 version, int64 entry count, then per entry
 * int64 offset and int64 record ordinal. Offsets and ordinals never decrease.
 */
final class RecordBoundaries {
  private static final int MAGIC = 0x42525044; // "DPRB" little-endian
  private static final int VERSION = 1;
  private static final int HEADER = 16;

  /** More slices than this in one partition is refused rather than allocated. */
  public static final long MAX_SLICES = 1_000_000;

  private final long[] offsets;
  private final long[] ordinals;

  private RecordBoundaries(long[] offsets, long[] ordinals) {
    this.offsets = offsets;
    this.ordinals = ordinals;
  }

  /** First byte of the data (after any header). */
  public long dataStart() {
    return offsets[0];
  }

  /** One past the last byte of the data. */
  public long dataEnd() {
    return offsets[offsets.length - 1];
  }

  /** Total number of records. */
  public long records() {
    return ordinals[ordinals.length - 1];
  }

  /** Offset of sampled point {@code i}. */
  long offset(int i) {
    return offsets[i];
  }

  /** Record ordinal at sampled point {@code i}. */
  long ordinal(int i) {
    return ordinals[i];
  }

  /** Number of sampled points, including start and end. */
  public int size() {
    return offsets.length;
  }

  /** A cut of the data: a byte range starting on a record, and the records it holds. */
  public record Cut(ByteRange range, long firstRecord, long records) {}

  /**
   * Cuts the data by a strategy: {@link PartitionRequest.Slices} into {@code value} slices, {@link
   * PartitionRequest.TargetBytes} into slices of about {@code value} bytes. Each cut point is the
   * sampled record start nearest the ideal one; when two ideal points fall on the same sampled
   * point, the empty cut between them is left out, so there are fewer cuts than asked when the
   * index has fewer useful points (one cut, empty, if the data is).
   */
  public List<Cut> cut(PartitionRequest request) {
    long span = dataEnd() - dataStart();
    long n;
    long value = 0;
    boolean byRecords = false;
    if (request instanceof PartitionRequest.Slices s) {
      n = s.count();
    } else if (request instanceof PartitionRequest.TargetBytes b) {
      n = Math.max(1, (span + b.bytes() - 1) / b.bytes());
    } else if (request instanceof PartitionRequest.RecordsPerSlice r) {
      value = r.records();
      byRecords = true;
      n = Math.max(1, (records() + value - 1) / value);
    } else {
      throw new IllegalArgumentException("Records cannot be cut by '" + request.kind().id() + "'");
    }
    if (n > MAX_SLICES) {
      throw new IllegalArgumentException("Too many slices: " + n + " (at most " + MAX_SLICES + ")");
    }
    int slices = (int) n;
    List<Cut> cuts = new ArrayList<>(slices);
    int previous = 0;
    for (int i = 1; i <= slices; i++) {
      int point;
      if (i == slices) {
        point = offsets.length - 1;
      } else if (byRecords) {
        point = Math.max(previous, nearestOrdinal(Math.min(records(), value * i)));
      } else {
        point = Math.max(previous, nearest(dataStart() + multiplyDivide(span, i, slices)));
      }
      if (offsets[point] == offsets[previous] && ordinals[point] == ordinals[previous]) {
        continue; // an empty slice: nothing to read, so none is made
      }
      cuts.add(
          new Cut(
              ByteRange.between(offsets[previous], offsets[point]),
              ordinals[previous],
              ordinals[point] - ordinals[previous]));
      previous = point;
    }
    if (cuts.isEmpty()) {
      cuts.add(new Cut(ByteRange.between(dataStart(), dataEnd()), 0, records()));
    }
    return cuts;
  }

  private static long multiplyDivide(long span, long i, long n) {
    return span <= Long.MAX_VALUE / n ? span * i / n : (long) ((double) span * i / n);
  }

  /**
   * Index of the sampled point whose record ordinal is nearest {@code ordinal} (the first of
   * equals).
   */
  private int nearestOrdinal(long ordinal) {
    int i = Arrays.binarySearch(ordinals, ordinal);
    if (i >= 0) {
      while (i > 0 && ordinals[i - 1] == ordinal) {
        i--;
      }
      return i;
    }
    int above = -i - 1;
    if (above == 0) {
      return 0;
    }
    if (above >= ordinals.length) {
      return ordinals.length - 1;
    }
    return ordinal - ordinals[above - 1] <= ordinals[above] - ordinal ? above - 1 : above;
  }

  /** Index of the sampled point nearest {@code target}. */
  private int nearest(long target) {
    int i = Arrays.binarySearch(offsets, target);
    if (i >= 0) {
      while (i > 0 && offsets[i - 1] == target) {
        i--;
      }
      return i;
    }
    int above = -i - 1;
    if (above == 0) {
      return 0;
    }
    if (above >= offsets.length) {
      return offsets.length - 1;
    }
    return target - offsets[above - 1] <= offsets[above] - target ? above - 1 : above;
  }

  /** The stored form. */
  public byte[] toBytes() {
    ByteBuffer buf =
        ByteBuffer.allocate(HEADER + offsets.length * 16).order(ByteOrder.LITTLE_ENDIAN);
    buf.putInt(MAGIC).putInt(VERSION).putLong(offsets.length);
    for (int i = 0; i < offsets.length; i++) {
      buf.putLong(offsets[i]).putLong(ordinals[i]);
    }
    return buf.array();
  }

  /**
   * Reads the stored form, validating it.
   *
   * @param source names the blob in error messages
   */
  public static RecordBoundaries parse(byte[] data, Object source) throws MalformedDataException {
    ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    if (data.length < HEADER || buf.getInt() != MAGIC) {
      throw corrupt(source, "not a record boundary index");
    }
    int version = buf.getInt();
    if (version != VERSION) {
      throw corrupt(source, "unsupported version " + version);
    }
    long count = buf.getLong();
    if (count < 2 || count != (data.length - HEADER) / 16 || (data.length - HEADER) % 16 != 0) {
      throw corrupt(source, "entry count " + count + " does not match " + data.length + " bytes");
    }
    long[] offsets = new long[(int) count];
    long[] ordinals = new long[(int) count];
    for (int i = 0; i < count; i++) {
      offsets[i] = buf.getLong();
      ordinals[i] = buf.getLong();
      if (offsets[i] < 0
          || ordinals[i] < 0
          || (i > 0 && (offsets[i] < offsets[i - 1] || ordinals[i] < ordinals[i - 1]))) {
        throw corrupt(source, "entry " + i + " goes backwards");
      }
    }
    return new RecordBoundaries(offsets, ordinals);
  }

  private static MalformedDataException corrupt(Object source, String why) {
    return new MalformedDataException("Corrupted index file: " + source + " (" + why + ")");
  }

  /** Collects sampled record starts during the one sequential pass. */
  public static final class Builder {
    private final long spacing;
    private long[] offsets = new long[64];
    private long[] ordinals = new long[64];
    private int size;
    private long next;

    /**
     * @param dataStart offset of the first record (after any header)
     * @param spacing minimum bytes between sampled record starts
     */
    public Builder(long dataStart, long spacing) {
      if (spacing < 1) {
        throw new IllegalArgumentException("spacing must be positive: " + spacing);
      }
      this.spacing = spacing;
      append(dataStart, 0);
    }

    /** Offers a record start; it is kept if it is far enough from the last kept one. */
    public void recordStart(long offset, long ordinal) {
      if (offset >= next) {
        append(offset, ordinal);
      }
    }

    /** Keeps a record start unconditionally (it must not be before the last kept one). */
    public void add(long offset, long ordinal) {
      append(offset, ordinal);
    }

    /** The last kept offset. */
    public long lastOffset() {
      return offsets[size - 1];
    }

    /** The byte offset from which the next record start will be kept. */
    public long nextWanted() {
      return next;
    }

    /** Ends the data at {@code end} with {@code records} records in all. */
    public RecordBoundaries finish(long end, long records) {
      append(end, records);
      return new RecordBoundaries(Arrays.copyOf(offsets, size), Arrays.copyOf(ordinals, size));
    }

    private void append(long offset, long ordinal) {
      if (size == offsets.length) {
        offsets = Arrays.copyOf(offsets, size * 2);
        ordinals = Arrays.copyOf(ordinals, size * 2);
      }
      offsets[size] = offset;
      ordinals[size] = ordinal;
      size++;
      next = offset + spacing;
    }
  }
}
