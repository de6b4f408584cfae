package io.dataplug.codec.gzip;

import com.sun.jna.Memory;
import io.dataplug.storage.MalformedDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The one sequential pass over a gzip object that builds its {@link GzipIndex}: inflates every
 * member with zlib's {@code Z_BLOCK} so it stops at each deflate block boundary, and keeps
 * checkpoints as far apart as its {@link CheckpointSpacing} says: at member starts (no window) and
 * at the first byte-aligned block boundary past the spacing (with its 32 KiB window). The
 * decompressed stream goes to a {@link Listener} in order, so a format can find its record
 * boundaries in the same pass.
 *
 * <p>Checks each member's CRC-32 and length; truncated, corrupt or non-gzip input fails with a
 * {@link MalformedDataException} naming the object and the compressed offset.
 */
public final class GzipIndexer {
  /** Receives the decompressed stream and hears of each checkpoint, in order. */
  public interface Listener {
    /** The next decompressed bytes; the array is reused after the call returns. */
    void data(byte[] buf, int off, int len) throws IOException;

    /** A checkpoint was taken at {@code uncompressedOffset} (before the data that follows it). */
    default void checkpoint(int index, long uncompressedOffset) throws IOException {}
  }

  static final int WINDOW = 32 << 10;
  private static final int OUT = 256 << 10;
  private static final int IN = 1 << 20;

  private final InputStream in;
  private final Object source;
  private final CheckpointSpacing spacing;
  private final Listener listener;

  private final byte[] inBuf = new byte[IN];
  private final Memory inMem = new Memory(IN);
  private int inPos;
  private int inLimit;
  private long inBase;
  private boolean eof;

  private final Memory outMem = new Memory(OUT);
  private final byte[] out = new byte[OUT];
  private final byte[] ring = new byte[WINDOW];
  private long totalOut;
  private long memberOut;
  private final CRC32 crc = new CRC32();

  private final List<GzipCheckpoint> checkpoints = new ArrayList<>();
  private final ByteArrayOutputStream windows = new ByteArrayOutputStream();
  private final Deflater deflater = new Deflater(6, true);
  private long members;
  private long blockBoundaries;
  private long alignedBoundaries;

  /**
   * @param in the compressed object from its first byte
   * @param source names the object in error messages
   * @param spacing how far apart checkpoints are kept
   */
  public GzipIndexer(InputStream in, Object source, CheckpointSpacing spacing, Listener listener) {
    this.in = in;
    this.source = source;
    this.spacing = spacing;
    this.listener = listener;
  }

  /** Whether this machine can run the pass (the system zlib loads). */
  public static boolean available() {
    return Zlib.available();
  }

  /**
   * Runs the pass over the whole object and returns the index; its windows are in {@link
   * #windows()}.
   */
  public GzipIndex run() throws IOException {
    try (Zlib z = new Zlib()) {
      fill();
      if (inLimit == 0) {
        throw MalformedDataException.at("gzip", source, 0, "not gzip data (the object is empty)");
      }
      do {
        readHeader();
        members++;
        if (checkpoints.isEmpty() || position() - last().compressedOffset() >= spacing.member()) {
          checkpoint(position(), 0, false);
        }
        inflateMember(z);
        readTrailer();
        z.reset();
        crc.reset();
        memberOut = 0;
      } while (anotherMember());
    } finally {
      deflater.end();
    }
    return new GzipIndex(checkpoints, spacing.output(), position(), totalOut, members);
  }

  /** The compressed windows blob, valid after {@link #run()}. */
  public byte[] windows() {
    return windows.toByteArray();
  }

  /** Deflate block boundaries seen, and how many of them were byte-aligned (for diagnostics). */
  public long[] boundaryCounts() {
    return new long[] {blockBoundaries, alignedBoundaries};
  }

  private long position() {
    return inBase + inPos;
  }

  private void inflateMember(Zlib z) throws IOException {
    while (true) {
      if (inPos == inLimit) {
        fill();
        if (inPos == inLimit) {
          throw MalformedDataException.at(
              "gzip", source, position(), "unexpected end of data: the gzip stream is truncated");
        }
      }
      int avail = inLimit - inPos;
      z.input(inMem.share(inPos), avail);
      z.output(outMem, OUT);
      int rc = z.inflateBlock();
      int consumed = avail - z.availIn();
      inPos += consumed;
      int produced = OUT - z.availOut();
      if (produced > 0) {
        emit(produced);
      }
      if (rc == Zlib.Z_STREAM_END) {
        return;
      }
      if (rc == Zlib.Z_NEED_DICT || (rc < 0 && rc != Zlib.Z_BUF_ERROR)) {
        String msg = z.message();
        throw MalformedDataException.at(
            "gzip",
            source,
            position(),
            "corrupt deflate data" + (msg == null ? "" : " (" + msg + ")"));
      }
      int dataType = z.dataType();
      if ((dataType & 128) != 0 && (dataType & 64) == 0) {
        blockBoundaries++;
        int bits = dataType & 7;
        if (bits == 0) {
          alignedBoundaries++;
          if (memberOut > 0
              && totalOut - last().uncompressedOffset() >= spacing.output()
              && position() - last().compressedOffset() >= spacing.compressed()) {
            checkpoint(position(), 0, true);
          }
        }
      }
    }
  }

  private void emit(int produced) throws IOException {
    outMem.read(0, out, 0, produced);
    crc.update(out, 0, produced);
    // keep the last 32 KiB of output in the ring, each byte at (its offset % WINDOW)
    int n = Math.min(produced, WINDOW);
    int ringPos = (int) ((totalOut + produced - n) % WINDOW);
    int first = Math.min(n, WINDOW - ringPos);
    System.arraycopy(out, produced - n, ring, ringPos, first);
    System.arraycopy(out, produced - n + first, ring, 0, n - first);
    totalOut += produced;
    memberOut += produced;
    listener.data(out, 0, produced);
  }

  private void checkpoint(long compressedOffset, int bits, boolean withWindow) throws IOException {
    int windowLength = 0;
    long windowOffset = windows.size();
    if (withWindow) {
      int n = (int) Math.min(WINDOW, memberOut);
      byte[] window = new byte[n];
      long start = totalOut - n;
      for (int i = 0; i < n; i++) {
        window[i] = ring[(int) ((start + i) % WINDOW)];
      }
      deflater.reset();
      deflater.setInput(window);
      deflater.finish();
      byte[] buf = new byte[WINDOW + 1024];
      while (!deflater.finished()) {
        int len = deflater.deflate(buf);
        windows.write(buf, 0, len);
        windowLength += len;
      }
    }
    checkpoints.add(
        new GzipCheckpoint(compressedOffset, bits, totalOut, windowOffset, windowLength));
    listener.checkpoint(checkpoints.size() - 1, totalOut);
  }

  private GzipCheckpoint last() {
    return checkpoints.get(checkpoints.size() - 1);
  }

  private void readHeader() throws IOException {
    long start = position();
    require(10, start, "a gzip header");
    if ((inBuf[inPos] & 0xff) != 0x1f || (inBuf[inPos + 1] & 0xff) != 0x8b) {
      throw MalformedDataException.at(
          "gzip",
          source,
          start,
          String.format(
              "not gzip data (starts with 0x%02x%02x, not 0x1f8b)",
              inBuf[inPos] & 0xff, inBuf[inPos + 1] & 0xff));
    }
    if (inBuf[inPos + 2] != 8) {
      throw MalformedDataException.at(
          "gzip", source, start, "unsupported compression method " + inBuf[inPos + 2]);
    }
    int flags = inBuf[inPos + 3] & 0xff;
    inPos += 10;
    if ((flags & 4) != 0) {
      require(2, start, "the gzip extra field length");
      int xlen = (inBuf[inPos] & 0xff) | (inBuf[inPos + 1] & 0xff) << 8;
      inPos += 2;
      require(xlen, start, "the gzip extra field");
      inPos += xlen;
    }
    if ((flags & 8) != 0) {
      skipZeroTerminated(start, "file name");
    }
    if ((flags & 16) != 0) {
      skipZeroTerminated(start, "comment");
    }
    if ((flags & 2) != 0) {
      require(2, start, "the header CRC");
      inPos += 2;
    }
  }

  private void skipZeroTerminated(long start, String what) throws IOException {
    while (true) {
      require(1, start, "the gzip header " + what);
      if (inBuf[inPos++] == 0) {
        return;
      }
    }
  }

  private void readTrailer() throws IOException {
    long at = position();
    require(8, at, "the gzip trailer");
    long crcStored = le32(inPos);
    long sizeStored = le32(inPos + 4);
    inPos += 8;
    if (crcStored != crc.getValue()) {
      throw MalformedDataException.at(
          "gzip",
          source,
          at,
          String.format("CRC-32 mismatch (stored %08x, data %08x)", crcStored, crc.getValue()));
    }
    if (sizeStored != (memberOut & 0xffffffffL)) {
      throw MalformedDataException.at(
          "gzip",
          source,
          at,
          "length mismatch (stored " + sizeStored + ", data " + memberOut + ")");
    }
  }

  private boolean anotherMember() throws IOException {
    while (true) {
      if (inPos == inLimit) {
        fill();
        if (inPos == inLimit) {
          return false;
        }
      }
      if (inBuf[inPos] != 0) {
        break;
      }
      inPos++; // zero padding after the last member is tolerated, as gzip does
    }
    require(2, position(), "a gzip header");
    if ((inBuf[inPos] & 0xff) == 0x1f && (inBuf[inPos + 1] & 0xff) == 0x8b) {
      return true;
    }
    throw MalformedDataException.at(
        "gzip", source, position(), "trailing garbage after the last gzip member");
  }

  private long le32(int i) {
    return (inBuf[i] & 0xffL)
        | (inBuf[i + 1] & 0xffL) << 8
        | (inBuf[i + 2] & 0xffL) << 16
        | (inBuf[i + 3] & 0xffL) << 24;
  }

  private void require(int n, long start, String what) throws IOException {
    if (inLimit - inPos < n) {
      fill();
      if (inLimit - inPos < n) {
        throw MalformedDataException.at(
            "gzip",
            source,
            start,
            "unexpected end of data in " + what + ": the gzip stream is truncated");
      }
    }
  }

  /** Keeps the unread bytes and reads more; the native buffer mirrors the Java one. */
  private void fill() throws IOException {
    if (eof) {
      return;
    }
    int keep = inLimit - inPos;
    System.arraycopy(inBuf, inPos, inBuf, 0, keep);
    inBase += inPos;
    inPos = 0;
    inLimit = keep;
    while (inLimit < IN) {
      int n = in.read(inBuf, inLimit, IN - inLimit);
      if (n < 0) {
        eof = true;
        break;
      }
      inLimit += n;
    }
    inMem.write(0, inBuf, 0, inLimit);
  }
}
