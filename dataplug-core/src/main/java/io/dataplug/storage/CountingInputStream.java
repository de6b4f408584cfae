package io.dataplug.storage;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Delivers exactly {@code length} bytes of an underlying range stream, counting them into an {@link
 * IoStats}, and fails with {@link EOFException} naming the source if the stream ends early.
 */
public final class CountingInputStream extends FilterInputStream {
  private final IoStats stats;
  private final String source;
  private final long length;
  private long remaining;

  public CountingInputStream(InputStream in, long length, IoStats stats, String source) {
    super(in);
    this.length = length;
    this.remaining = length;
    this.stats = stats;
    this.source = source;
  }

  @Override
  public int read() throws IOException {
    if (remaining == 0) {
      return -1;
    }
    int b = in.read();
    if (b < 0) {
      throw shortRead();
    }
    remaining--;
    stats.addBytes(1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw shortRead();
    }
    remaining -= n;
    stats.addBytes(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] buf = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  /** Bytes of the range not yet delivered. */
  public long remaining() {
    return remaining;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private EOFException shortRead() {
    return new EOFException(
        "Read "
            + (length - remaining)
            + " of "
            + length
            + " bytes: "
            + source
            + " (the stream ended early)");
  }
}
