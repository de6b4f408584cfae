package io.dataplug.codec.gzip;

import io.dataplug.storage.MalformedDataException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The checkpoints of a gzip object: where inflating can resume, at least every {@code spacing}
 * bytes of output, each with the 32 KiB of history it needs (stored compressed, in a separate
 * windows blob, so a slice fetches only its own window).
 *
 * <p>Stored little-endian: magic {@code DPGZ}, int32 version, int64 count, int64 spacing, int64
 * compressed size, int64 uncompressed size, int64 members, then 32 bytes per checkpoint (compressed
 * offset, uncompressed offset, window offset: int64 each; window length: int32; bits: int32).
 * Offsets increase strictly.
 */
public final class GzipIndex {
  private static final int MAGIC = 0x5a475044; // "DPGZ"
  private static final int VERSION = 1;
  private static final int HEADER = 48;
  private static final int ENTRY = 32;

  private final List<GzipCheckpoint> checkpoints;
  private final long spacing;
  private final long compressedSize;
  private final long uncompressedSize;
  private final long members;

  GzipIndex(
      List<GzipCheckpoint> checkpoints,
      long spacing,
      long compressedSize,
      long uncompressedSize,
      long members) {
    this.checkpoints = Collections.unmodifiableList(new ArrayList<>(checkpoints));
    this.spacing = spacing;
    this.compressedSize = compressedSize;
    this.uncompressedSize = uncompressedSize;
    this.members = members;
  }

  /** The checkpoints, in order; the first is at the start of the object. */
  public List<GzipCheckpoint> checkpoints() {
    return checkpoints;
  }

  public long spacing() {
    return spacing;
  }

  public long compressedSize() {
    return compressedSize;
  }

  public long uncompressedSize() {
    return uncompressedSize;
  }

  /** Number of gzip members (1 for a plain gzip file; one per block for BGZF). */
  public long members() {
    return members;
  }

  /** The last checkpoint at or before {@code uncompressedOffset}. */
  public GzipCheckpoint checkpointFor(long uncompressedOffset) {
    int lo = 0;
    int hi = checkpoints.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (checkpoints.get(mid).uncompressedOffset() <= uncompressedOffset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return checkpoints.get(lo);
  }

  /**
   * The compressed offset by which everything before {@code uncompressedOffset} has been produced:
   * that of the first checkpoint at or after it, or the end of the object.
   */
  public long compressedEndFor(long uncompressedOffset) {
    int lo = 0;
    int hi = checkpoints.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (checkpoints.get(mid).uncompressedOffset() >= uncompressedOffset) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo < checkpoints.size() ? checkpoints.get(lo).compressedOffset() : compressedSize;
  }

  public byte[] toBytes() {
    ByteBuffer b =
        ByteBuffer.allocate(HEADER + ENTRY * checkpoints.size()).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(MAGIC)
        .putInt(VERSION)
        .putLong(checkpoints.size())
        .putLong(spacing)
        .putLong(compressedSize)
        .putLong(uncompressedSize)
        .putLong(members);
    for (GzipCheckpoint c : checkpoints) {
      b.putLong(c.compressedOffset())
          .putLong(c.uncompressedOffset())
          .putLong(c.windowOffset())
          .putInt(c.windowLength())
          .putInt(c.bits());
    }
    return b.array();
  }

  /** Reads the stored form, validating it; {@code source} names the blob in errors. */
  public static GzipIndex parse(byte[] data, Object source) throws MalformedDataException {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    if (data.length < HEADER || b.getInt() != MAGIC) {
      throw corrupt(source, "not a gzip checkpoint index");
    }
    int version = b.getInt();
    if (version != VERSION) {
      throw corrupt(source, "unsupported version " + version);
    }
    long count = b.getLong();
    if (count < 1
        || count != (data.length - HEADER) / ENTRY
        || (data.length - HEADER) % ENTRY != 0) {
      throw corrupt(
          source, "checkpoint count " + count + " does not match " + data.length + " bytes");
    }
    long spacing = b.getLong();
    long compressed = b.getLong();
    long uncompressed = b.getLong();
    long members = b.getLong();
    List<GzipCheckpoint> list = new ArrayList<>((int) count);
    for (int i = 0; i < count; i++) {
      long compressedOffset = b.getLong();
      long uncompressedOffset = b.getLong();
      long windowOffset = b.getLong();
      int windowLength = b.getInt();
      int bits = b.getInt();
      GzipCheckpoint c;
      try {
        c =
            new GzipCheckpoint(
                compressedOffset, bits, uncompressedOffset, windowOffset, windowLength);
      } catch (IllegalArgumentException e) {
        throw corrupt(source, "checkpoint " + i + ": " + e.getMessage());
      }
      if (c.compressedOffset() >= Math.max(1, compressed)
          || c.uncompressedOffset() > uncompressed
          || (i > 0
              && (c.compressedOffset() <= list.get(i - 1).compressedOffset()
                  || c.uncompressedOffset() < list.get(i - 1).uncompressedOffset()))) {
        throw corrupt(source, "checkpoint " + i + " is out of order or out of range");
      }
      list.add(c);
    }
    return new GzipIndex(list, spacing, compressed, uncompressed, members);
  }

  static MalformedDataException corrupt(Object source, String why) {
    return new MalformedDataException("Corrupted index file: " + source + " (" + why + ")");
  }
}
