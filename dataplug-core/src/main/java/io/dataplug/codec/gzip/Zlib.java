package io.dataplug.codec.gzip;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * The system zlib, for what {@link java.util.zip.Inflater} cannot do: inflate with {@code Z_BLOCK}
 * so the index pass stops at every deflate block boundary and learns its bit position (as zlib's
 * zran.c does). Raw deflate only; the gzip framing is parsed in Java.
 *
 * <p>The {@code z_stream} is kept in native memory and its fields set by offset (LP64 layout),
 * which is much cheaper per call than a JNA {@code Structure}. One instance per thread.
 */
final class Zlib implements AutoCloseable {
  static final int Z_OK = 0;
  static final int Z_STREAM_END = 1;
  static final int Z_NEED_DICT = 2;
  static final int Z_BUF_ERROR = -5;
  static final int Z_BLOCK = 5;

  // z_stream field offsets on LP64 (Linux and macOS on x86-64 and arm64)
  private static final int NEXT_IN = 0;
  private static final int AVAIL_IN = 8;
  private static final int NEXT_OUT = 24;
  private static final int AVAIL_OUT = 32;
  private static final int MSG = 48;
  private static final int DATA_TYPE = 88;
  private static final int SIZE = 112;

  private static final @Nullable String VERSION;
  private static final @Nullable Throwable UNAVAILABLE;

  static {
    @Nullable String version = null;
    @Nullable Throwable error = null;
    try {
      if (Native.LONG_SIZE != 8 || Platform.isWindows()) {
        throw new UnsupportedOperationException(
            "zlib's z_stream layout is only mapped for LP64 platforms");
      }
      Native.register(Zlib.class, NativeLibrary.getInstance("z"));
      version = zlibVersion();
    } catch (Throwable t) {
      error = t;
    }
    VERSION = version;
    UNAVAILABLE = error;
  }

  private static native String zlibVersion();

  private static native int inflateInit2_(Pointer strm, int windowBits, String version, int size);

  private static native int inflate(Pointer strm, int flush);

  private static native int inflateReset(Pointer strm);

  private static native int inflateEnd(Pointer strm);

  private final Memory stream = new Memory(SIZE);
  private boolean open;

  /** Whether the system zlib could be loaded; if not, {@link #unavailableReason()} says why. */
  static boolean available() {
    return UNAVAILABLE == null;
  }

  static String unavailableReason() {
    return UNAVAILABLE == null ? "" : UNAVAILABLE.toString();
  }

  /** A raw-deflate inflater (no zlib or gzip header). */
  Zlib() {
    if (UNAVAILABLE != null || VERSION == null) {
      throw new IllegalStateException(
          "The system zlib is not available: " + UNAVAILABLE, UNAVAILABLE);
    }
    stream.clear();
    int rc = inflateInit2_(stream, -15, VERSION, SIZE);
    if (rc != Z_OK) {
      throw new IllegalStateException("inflateInit2 failed: " + rc);
    }
    open = true;
  }

  void input(Pointer next, int avail) {
    stream.setPointer(NEXT_IN, next);
    stream.setInt(AVAIL_IN, avail);
  }

  void output(Pointer next, int avail) {
    stream.setPointer(NEXT_OUT, next);
    stream.setInt(AVAIL_OUT, avail);
  }

  int availIn() {
    return stream.getInt(AVAIL_IN);
  }

  int availOut() {
    return stream.getInt(AVAIL_OUT);
  }

  /**
   * {@code data_type} after a {@code Z_BLOCK} inflate: bit 7 set at a block boundary, bit 6 set if
   * the last block has been decoded, bits 0-2 the number of unused bits in the last input byte.
   */
  int dataType() {
    return stream.getInt(DATA_TYPE);
  }

  @Nullable String message() {
    Pointer msg = stream.getPointer(MSG);
    return msg == null ? null : msg.getString(0);
  }

  int inflateBlock() {
    return inflate(stream, Z_BLOCK);
  }

  void reset() {
    inflateReset(stream);
  }

  @Override
  public void close() {
    if (open) {
      inflateEnd(stream);
      open = false;
    }
  }
}
