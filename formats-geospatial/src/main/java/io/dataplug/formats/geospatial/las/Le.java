package io.dataplug.formats.geospatial.las;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Little-endian reads from byte arrays. */
final class Le {
  private static final VarHandle I16 =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle I64 =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Le() {}

  static int u8(byte[] b, int p) {
    return b[p] & 0xFF;
  }

  static short i16(byte[] b, int p) {
    return (short) I16.get(b, p);
  }

  static int u16(byte[] b, int p) {
    return i16(b, p) & 0xFFFF;
  }

  static int i32(byte[] b, int p) {
    return (int) I32.get(b, p);
  }

  static long u32(byte[] b, int p) {
    return i32(b, p) & 0xFFFF_FFFFL;
  }

  static long i64(byte[] b, int p) {
    return (long) I64.get(b, p);
  }

  static double f64(byte[] b, int p) {
    return Double.longBitsToDouble(i64(b, p));
  }

  /** A fixed-width text field: up to the first NUL, trailing blanks removed (ISO-8859-1). */
  static String text(byte[] b, int p, int n) {
    int end = p;
    while (end < p + n && b[end] != 0) {
      end++;
    }
    return new String(b, p, end - p, StandardCharsets.ISO_8859_1).stripTrailing();
  }
}
