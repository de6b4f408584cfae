package io.dataplug.codec.gzip;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The BGZF fast path: a {@link GzipIndex} from block headers alone, without inflating anything.
 * BGZF blocks are complete gzip members of at most 64 KiB, so every block start is a checkpoint
 * that needs no window. The table comes from an existing {@code .gzi} next to the object
 * (htslib/htsjdk layout: little-endian count, then compressed/uncompressed offset pairs, the first
 * block implicit), or from one sequential read of the block headers and trailers.
 */
public final class BgzfBlocks {
  private static final int HEADER = 18;

  /** A BGZF block is at most 64 KiB, header and trailer included. */
  private static final int MAX_BLOCK = 1 << 16;

  private BgzfBlocks() {}

  /** Whether the object starts with a BGZF block header (gzip with a 'BC' extra subfield). */
  public static boolean isBgzf(RangeReader object, long size) throws IOException {
    if (size < HEADER) {
      return false;
    }
    return bsize(object.readFully(new ByteRange(0, HEADER))) >= 0;
  }

  /** BSIZE from an 18-byte header, or -1 if it is not a BGZF header. */
  private static int bsize(byte[] h) {
    if (h.length < HEADER
        || (h[0] & 0xff) != 0x1f
        || (h[1] & 0xff) != 0x8b
        || h[2] != 8
        || (h[3] & 4) == 0
        || (h[10] & 0xff | (h[11] & 0xff) << 8) != 6
        || h[12] != 'B'
        || h[13] != 'C'
        || h[14] != 2
        || h[15] != 0) {
      return -1;
    }
    return (h[16] & 0xff) | (h[17] & 0xff) << 8;
  }

  /**
   * The block index from the blocks that chunks of the object found ({@link #blocksIn}: start and
   * uncompressed size of each, chunks in order).
   *
   * @throws IllegalStateException if the chunks' blocks do not tile the object
   */
  public static List<long[]> fromChunks(List<long[]> chunkBlocks, long size) {
    List<long[]> blocks = new ArrayList<>(chunkBlocks.size() + 1);
    long compressed = 0;
    long uncompressed = 0;
    for (long[] b : chunkBlocks) {
      if (b[0] != compressed) {
        throw new IllegalStateException(
            "BGZF block at " + b[0] + ", expected one at " + compressed);
      }
      blocks.add(new long[] {b[0], uncompressed});
      compressed += b[2];
      uncompressed += b[1];
    }
    if (compressed != size) {
      throw new IllegalStateException("the BGZF blocks end at " + compressed + ", not at " + size);
    }
    blocks.add(new long[] {size, uncompressed});
    return blocks;
  }

  /**
   * The block index from block starts (start, output offset) ending with (object size, total
   * output): a checkpoint at every block start at least {@code spacing.member()} compressed bytes
   * after the last one kept (every block, unless the object has more than {@link
   * CheckpointSpacing#MEMBER_POINTS} of them).
   */
  public static GzipIndex toIndex(List<long[]> blocks, CheckpointSpacing spacing, long size) {
    List<GzipCheckpoint> checkpoints = new ArrayList<>();
    long next = 0;
    for (long[] b : blocks) {
      if (b[0] == size) {
        break;
      }
      if (b[0] >= next) {
        checkpoints.add(new GzipCheckpoint(b[0], 0, b[1], 0, 0));
        next = b[0] + Math.max(1, spacing.member());
      }
    }
    long uncompressed = blocks.get(blocks.size() - 1)[1];
    return new GzipIndex(checkpoints, spacing.output(), size, uncompressed, blocks.size() - 1);
  }

  /**
   * The blocks that start in {@code [start, end)} of a BGZF object, for a chunk of a parallel index
   * pass: {start, uncompressed size, compressed size} each. The first is found by its header
   * (checked by the header of the block after it), the rest by walking the headers from there.
   */
  public static List<long[]> blocksIn(RangeReader object, long size, long start, long end)
      throws IOException {
    ObjectLocation location = object.location();
    long first = -1;
    if (start == 0) {
      first = 0;
    } else {
      int window = (int) Math.min(size - start, 2L * MAX_BLOCK + HEADER);
      byte[] buf = object.readFully(new ByteRange(start, window));
      for (int p = 0; p <= Math.min(MAX_BLOCK, buf.length - HEADER) && first < 0; p++) {
        int bsize = bsize(java.util.Arrays.copyOfRange(buf, p, p + HEADER));
        long next = start + p + bsize + 1L;
        if (bsize >= 0
            && (next == size
                || next - start + HEADER <= buf.length
                    && bsize(
                            java.util.Arrays.copyOfRange(
                                buf, (int) (next - start), (int) (next - start) + HEADER))
                        >= 0)) {
          first = start + p;
        }
      }
      if (first < 0) {
        if (buf.length > MAX_BLOCK + HEADER) {
          throw MalformedDataException.at(
              "bgzf", location, start, "no BGZF block starts in the next " + MAX_BLOCK + " bytes");
        }
        return List.of(); // the chunk lies inside the last block
      }
    }
    List<long[]> blocks = new ArrayList<>();
    if (first < end) {
      try (InputStream in = object.stream(ByteRange.between(first, size))) {
        walk(in, first, end, size, location, blocks, pos -> {});
      }
    }
    return blocks;
  }

  /**
   * Block starts (start, output offset) from a {@code .gzi}; the last entry is the end (object
   * size, total output).
   *
   * @param source the .gzi, for messages
   */
  public static List<long[]> fromGzi(byte[] data, Object source, RangeReader object, long size)
      throws IOException {
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    if (data.length < 8) {
      throw new MalformedDataException(
          "Corrupted index file: " + source + " (shorter than its count)");
    }
    long count = b.getLong();
    if (count < 0 || count != (data.length - 8) / 16 || (data.length - 8) % 16 != 0) {
      throw new MalformedDataException(
          "Corrupted index file: "
              + source
              + " (count "
              + count
              + " does not match "
              + data.length
              + " bytes)");
    }
    List<long[]> blocks = new ArrayList<>();
    blocks.add(new long[] {0, 0});
    for (long i = 0; i < count; i++) {
      long c = b.getLong();
      long u = b.getLong();
      long[] last = blocks.get(blocks.size() - 1);
      if (c <= last[0] || u < last[1] || c > size) {
        throw new MalformedDataException(
            "Corrupted index file: " + source + " (entry " + i + " out of order or past the data)");
      }
      blocks.add(new long[] {c, u});
    }
    // The .gzi may or may not list the final blocks (bgzip leaves out the EOF block, htsjdk lists
    // it):
    // walk the blocks after the last entry with one small range read to find the total output.
    long[] last = blocks.get(blocks.size() - 1);
    if (last[0] < size) {
      if (size - last[0] > 1L << 20) {
        throw new MalformedDataException(
            "Corrupted index file: "
                + source
                + " (its last entry is "
                + (size - last[0])
                + " bytes before the end of the data)");
      }
      byte[] tail = object.readFully(ByteRange.between(last[0], size));
      int at = 0;
      long uncompressed = last[1];
      while (at < tail.length) {
        int bsize =
            bsize(java.util.Arrays.copyOfRange(tail, at, Math.min(tail.length, at + HEADER)));
        if (bsize < 0 || at + bsize + 1 > tail.length) {
          throw MalformedDataException.at(
              "bgzf",
              object.location(),
              last[0] + at,
              "not a BGZF block where the .gzi says one starts");
        }
        int end = at + bsize + 1;
        uncompressed +=
            (tail[end - 4] & 0xffL)
                | (tail[end - 3] & 0xffL) << 8
                | (tail[end - 2] & 0xffL) << 16
                | (tail[end - 1] & 0xffL) << 24;
        at = end;
        if (at < tail.length) {
          blocks.add(new long[] {last[0] + at, uncompressed});
        }
      }
      blocks.add(new long[] {size, uncompressed});
    }
    return blocks;
  }

  /**
   * Block starts from one sequential read of headers and trailers; ends with (size, total output).
   */
  public static List<long[]> fromHeaders(
      RangeReader object, long size, java.util.function.LongConsumer progress) throws IOException {
    List<long[]> walked = new ArrayList<>();
    try (InputStream in = object.stream(new ByteRange(0, size))) {
      walk(in, 0, size, size, object.location(), walked, progress);
    }
    List<long[]> blocks = new ArrayList<>(walked.size() + 1);
    long uncompressed = 0;
    for (long[] b : walked) {
      blocks.add(new long[] {b[0], uncompressed});
      uncompressed += b[1];
    }
    blocks.add(new long[] {size, uncompressed});
    return blocks;
  }

  /**
   * Walks the blocks of {@code in} (positioned at block start {@code from}) that start before
   * {@code stopAt}, adding {start, uncompressed size, compressed size} for each.
   */
  private static void walk(
      InputStream in,
      long from,
      long stopAt,
      long size,
      Object source,
      List<long[]> blocks,
      java.util.function.LongConsumer progress)
      throws IOException {
    byte[] header = new byte[HEADER];
    byte[] skip = new byte[MAX_BLOCK];
    long compressed = from;
    while (compressed < stopAt && compressed < size) {
      if (in.readNBytes(header, 0, HEADER) != HEADER) {
        throw MalformedDataException.at("bgzf", source, compressed, "truncated BGZF block header");
      }
      int bsize = bsize(header);
      if (bsize < 0) {
        throw MalformedDataException.at("bgzf", source, compressed, "not a BGZF block header");
      }
      int rest = bsize + 1 - HEADER;
      if (rest < 8 || in.readNBytes(skip, 0, rest) != rest) {
        throw MalformedDataException.at("bgzf", source, compressed, "truncated BGZF block");
      }
      long isize =
          (skip[rest - 4] & 0xffL)
              | (skip[rest - 3] & 0xffL) << 8
              | (skip[rest - 2] & 0xffL) << 16
              | (skip[rest - 1] & 0xffL) << 24;
      blocks.add(new long[] {compressed, isize, bsize + 1L});
      compressed += bsize + 1;
      progress.accept(compressed);
    }
  }
}
