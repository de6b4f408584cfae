package io.dataplug.formats.geospatial.las;

import java.util.EnumSet;
import java.util.Set;

/**
 * The attribute columns of a {@link PointBatch}. A batch holds the columns that were asked for and
 * that its point format has; {@link #XYZ} is always decoded.
 */
public enum PointColumn {
  /** Scaled x, y and z (always present). */
  XYZ,
  /** Pulse return magnitude, unsigned 16 bits. */
  INTENSITY,
  /** Return number and number of returns (3 bits in formats 0–5, 4 bits in 6–10). */
  RETURNS,
  /** Synthetic, key-point, withheld, overlap, scanner channel, scan direction, edge of line. */
  FLAGS,
  /** Classification (5 bits in formats 0–5, 8 bits in 6–10). */
  CLASSIFICATION,
  /** Scan angle in degrees. */
  SCAN_ANGLE,
  /** User data, unsigned 8 bits. */
  USER_DATA,
  /** Point source id, unsigned 16 bits. */
  POINT_SOURCE_ID,
  /** GPS time (formats 1, 3–10). */
  GPS_TIME,
  /** Red, green and blue, unsigned 16 bits each (formats 2, 3, 5, 7, 8, 10). */
  RGB,
  /** Near infrared, unsigned 16 bits (formats 8 and 10). */
  NIR,
  /** The record's bytes after the standard fields, raw (when the record length leaves any). */
  EXTRA_BYTES;

  /** Every column: decode whatever the format has. */
  public static Set<PointColumn> all() {
    return EnumSet.allOf(PointColumn.class);
  }

  /** Only {@link #XYZ}: the cheapest decode (LAZ layered chunks skip the other layers). */
  public static Set<PointColumn> xyzOnly() {
    return EnumSet.of(XYZ);
  }
}
