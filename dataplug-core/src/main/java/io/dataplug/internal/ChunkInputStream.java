package io.dataplug.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream that implements only {@code read(byte[], int, int)}; single bytes go through it.
 */
public abstract class ChunkInputStream extends InputStream {
  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public abstract int read(byte[] b, int off, int len) throws IOException;
}
