package io.dataplug.formats.geospatial.las;

import java.util.EnumSet;
import java.util.Set;

/** The layouts of LAS point data record formats 0–10 (LAS 1.4 R15, section 2.6). */
final class PointFormats {
  static final int MAX_FORMAT = 10;

  private static final int[] BASE_SIZE = {20, 28, 26, 34, 57, 63, 30, 36, 38, 59, 67};

  private PointFormats() {}

  static boolean isKnown(int format) {
    return format >= 0 && format <= MAX_FORMAT;
  }

  /** Bytes of a record without extra bytes. */
  static int baseSize(int format) {
    return BASE_SIZE[format];
  }

  /** Formats 6–10 (LAS 1.4): 4-bit returns, 8-bit classification, 16-bit scan angle. */
  static boolean isExtended(int format) {
    return format >= 6;
  }

  static boolean hasGpsTime(int format) {
    return format == 1 || format >= 3;
  }

  static boolean hasRgb(int format) {
    return format == 2 || format == 3 || format == 5 || format == 7 || format == 8 || format == 10;
  }

  static boolean hasNir(int format) {
    return format == 8 || format == 10;
  }

  static boolean hasWavePacket(int format) {
    return format == 4 || format == 5 || format == 9 || format == 10;
  }

  static int gpsTimeOffset(int format) {
    return isExtended(format) ? 22 : 20;
  }

  static int rgbOffset(int format) {
    if (format == 2) {
      return 20;
    }
    return isExtended(format) ? 30 : 28;
  }

  static int nirOffset(int format) {
    return 36;
  }

  /** The columns a record of this format carries. */
  static Set<PointColumn> columns(int format, int extraBytes) {
    Set<PointColumn> columns =
        EnumSet.of(
            PointColumn.XYZ,
            PointColumn.INTENSITY,
            PointColumn.RETURNS,
            PointColumn.FLAGS,
            PointColumn.CLASSIFICATION,
            PointColumn.SCAN_ANGLE,
            PointColumn.USER_DATA,
            PointColumn.POINT_SOURCE_ID);
    if (hasGpsTime(format)) {
      columns.add(PointColumn.GPS_TIME);
    }
    if (hasRgb(format)) {
      columns.add(PointColumn.RGB);
    }
    if (hasNir(format)) {
      columns.add(PointColumn.NIR);
    }
    if (extraBytes > 0) {
      columns.add(PointColumn.EXTRA_BYTES);
    }
    return columns;
  }
}
