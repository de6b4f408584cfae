package io.dataplug.codec.gzip;

import io.dataplug.internal.ChunkInputStream;
import io.dataplug.storage.MalformedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompressed bytes {@code [skip, skip + length)} counted from a checkpoint: inflates the
 * compressed stream from the checkpoint's byte-aligned block boundary with the JDK's {@link
 * Inflater} primed with the checkpoint's window, and crosses gzip member boundaries (multi-member
 * gzip, BGZF) on the way. Delivers exactly {@code length} bytes, then ends.
 */
public final class GzipRangeStream extends ChunkInputStream {
  private static final int IN = 256 << 10;

  private final InputStream compressed;
  private final Object source;
  private final Inflater inflater = new Inflater(true);
  private final byte[] in = new byte[IN];
  private int inPos;
  private int inLimit;
  private long inBase;
  private long skip;
  private long remaining;
  private final boolean unbounded;
  private final byte[] skipBuf;

  /**
   * @param compressed the object's bytes from {@code checkpoint.compressedOffset()} on
   * @param window the checkpoint's decompressed window (empty at a member start)
   * @param skip decompressed bytes to drop after the checkpoint
   * @param length decompressed bytes to deliver after those; {@code Long.MAX_VALUE} for all that
   *     follows up to the end of the object
   */
  public GzipRangeStream(
      InputStream compressed,
      Object source,
      GzipCheckpoint checkpoint,
      byte[] window,
      long skip,
      long length) {
    if (checkpoint.bits() != 0) {
      throw new IllegalArgumentException(
          "checkpoints are byte-aligned; got " + checkpoint.bits() + " bits");
    }
    this.compressed = compressed;
    this.source = source;
    this.inBase = checkpoint.compressedOffset();
    this.skip = skip;
    this.remaining = length;
    this.unbounded = length == Long.MAX_VALUE;
    this.skipBuf = skip > 0 ? new byte[(int) Math.min(skip, 256 << 10)] : new byte[0];
    if (window.length > 0) {
      inflater.setDictionary(window);
    }
    this.atMemberHeader = window.length == 0;
  }

  /**
   * True until the first bytes are seen when the checkpoint may be a member header (a BGZF block
   * start) rather than deflate data. A raw deflate stream never starts with 0x1f (block type 3 is
   * invalid), so the gzip magic tells them apart.
   */
  private boolean atMemberHeader;

  /** Inflates a window stored by the indexer. */
  public static byte[] inflateWindow(byte[] deflated, Object source) throws MalformedDataException {
    Inflater w = new Inflater(true);
    try {
      w.setInput(deflated);
      byte[] out = new byte[GzipIndexer.WINDOW];
      int n = 0;
      while (!w.finished() && n < out.length) {
        int r = w.inflate(out, n, out.length - n);
        if (r == 0 && (w.needsInput() || w.needsDictionary())) {
          break;
        }
        n += r;
      }
      if (!w.finished()) {
        throw GzipIndex.corrupt(source, "a window does not inflate to at most 32 KiB");
      }
      return java.util.Arrays.copyOf(out, n);
    } catch (DataFormatException e) {
      throw GzipIndex.corrupt(source, "a window is not valid deflate data: " + e.getMessage());
    } finally {
      w.end();
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (skip > 0) {
      int n = inflate(skipBuf, 0, (int) Math.min(skipBuf.length, skip));
      if (n < 0) {
        throw MalformedDataException.at(
            "gzip", source, inBase + inPos, "the data ends before the requested range");
      }
      skip -= n;
    }
    if (remaining == 0) {
      return -1;
    }
    int n = inflate(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      if (unbounded) {
        remaining = 0;
        return -1;
      }
      throw MalformedDataException.at(
          "gzip", source, inBase + inPos, "the data ends " + remaining + " bytes early");
    }
    remaining -= n;
    return n;
  }

  /**
   * Inflates at least one byte into {@code b}, crossing member boundaries; fails at the end of
   * data.
   */
  private int inflate(byte[] b, int off, int len) throws IOException {
    if (atMemberHeader) {
      atMemberHeader = false;
      if (fill() && (in[0] & 0xff) == 0x1f) {
        skipHeader(inBase);
      } else {
        inflater.setInput(in, inPos, inLimit - inPos);
      }
    }
    while (true) {
      int n;
      try {
        n = inflater.inflate(b, off, len);
      } catch (DataFormatException e) {
        throw MalformedDataException.at(
            "gzip", source, inBase + inPos, "corrupt deflate data (" + e.getMessage() + ")");
      }
      if (n > 0) {
        return n;
      }
      if (inflater.finished()) {
        inPos = inLimit - inflater.getRemaining();
        if (!nextMember()) {
          return -1;
        }
      } else if (inflater.needsInput()) {
        inPos = inLimit;
        if (!fill()) {
          throw MalformedDataException.at(
              "gzip",
              source,
              inBase + inPos,
              "unexpected end of data: the gzip stream is truncated");
        }
        inflater.setInput(in, inPos, inLimit - inPos);
      } else if (inflater.needsDictionary()) {
        throw MalformedDataException.at(
            "gzip", source, inBase + inPos, "corrupt deflate data (needs a dictionary)");
      }
    }
  }

  /**
   * Skips the trailer and the next member's header, and restarts the inflater there; false at the
   * end of the object.
   */
  private boolean nextMember() throws IOException {
    long at = inBase + inPos;
    require(8, at);
    inPos += 8;
    if (inPos == inLimit && !fill()) {
      return false;
    }
    skipHeader(at);
    return true;
  }

  /** Skips a member header at the read position and points the inflater after it. */
  private void skipHeader(long at) throws IOException {
    require(10, at);
    if ((in[inPos] & 0xff) != 0x1f || (in[inPos + 1] & 0xff) != 0x8b || in[inPos + 2] != 8) {
      throw MalformedDataException.at(
          "gzip", source, inBase + inPos, "no gzip member where the previous one ended");
    }
    int flags = in[inPos + 3] & 0xff;
    inPos += 10;
    if ((flags & 4) != 0) {
      require(2, at);
      int xlen = (in[inPos] & 0xff) | (in[inPos + 1] & 0xff) << 8;
      inPos += 2;
      require(xlen, at);
      inPos += xlen;
    }
    for (int flag : new int[] {8, 16}) {
      if ((flags & flag) != 0) {
        do {
          require(1, at);
        } while (in[inPos++] != 0);
      }
    }
    if ((flags & 2) != 0) {
      require(2, at);
      inPos += 2;
    }
    inflater.reset();
    inflater.setInput(in, inPos, inLimit - inPos);
  }

  private void require(int n, long at) throws IOException {
    while (inLimit - inPos < n) {
      if (!fill()) {
        throw MalformedDataException.at(
            "gzip",
            source,
            at,
            "unexpected end of data between gzip members: the stream is truncated");
      }
    }
  }

  /** Reads more compressed bytes after the unread ones; false at the end of the object. */
  private boolean fill() throws IOException {
    int keep = inLimit - inPos;
    System.arraycopy(in, inPos, in, 0, keep);
    inBase += inPos;
    inPos = 0;
    inLimit = keep;
    int n = compressed.read(in, inLimit, in.length - inLimit);
    if (n < 0) {
      return false;
    }
    inLimit += n;
    return true;
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    compressed.close();
  }
}
