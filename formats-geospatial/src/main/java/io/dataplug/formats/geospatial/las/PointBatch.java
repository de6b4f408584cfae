package io.dataplug.formats.geospatial.las;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A columnar batch of decoded points: one array per attribute, index {@code i} of every array
 * belonging to point {@code i}. Only the {@linkplain #columns() columns} the batch holds can be
 * read; asking for another throws {@link IllegalStateException}.
 *
 * <p>Accessors return the batch's own arrays, without copying: do not modify them. Unsigned LAS
 * fields are widened (u8 to {@code short}, u16 to {@code int}) so that no caller needs to mask.
 */
public final class PointBatch {
  /** {@link #flags()} bit: the point was created by a technique other than the scanner. */
  public static final int FLAG_SYNTHETIC = 0x01;

  /** {@link #flags()} bit: the point is a model key-point. */
  public static final int FLAG_KEY_POINT = 0x02;

  /** {@link #flags()} bit: the point should not be used. */
  public static final int FLAG_WITHHELD = 0x04;

  /** {@link #flags()} bit: the point is in an overlap region (formats 6–10 only). */
  public static final int FLAG_OVERLAP = 0x08;

  /** {@link #flags()} bits 4–5: the scanner channel (formats 6–10 only). */
  public static final int SCANNER_CHANNEL_MASK = 0x30;

  /** {@link #flags()} bit: the scan direction flag (positive scan direction). */
  public static final int FLAG_SCAN_DIRECTION = 0x40;

  /** {@link #flags()} bit: the point is at the edge of a flight line. */
  public static final int FLAG_EDGE_OF_FLIGHT_LINE = 0x80;

  private static final byte[] NO_BYTES = new byte[0];
  private static final short[] NO_SHORTS = new short[0];
  private static final int[] NO_INTS = new int[0];
  private static final double[] NO_DOUBLES = new double[0];

  private final int pointFormat;
  private final int size;
  private final Set<PointColumn> columns;
  private final double[] x;
  private final double[] y;
  private final double[] z;
  private final int[] intensity;
  private final byte[] returnNumber;
  private final byte[] numberOfReturns;
  private final byte[] flags;
  private final short[] classification;
  private final double[] scanAngle;
  private final short[] userData;
  private final int[] pointSourceId;
  private final double[] gpsTime;
  private final int[] red;
  private final int[] green;
  private final int[] blue;
  private final int[] nir;
  private final int extraBytesPerPoint;
  private final byte[] extraBytes;

  private PointBatch(Builder b) {
    this.pointFormat = b.pointFormat;
    this.size = b.size;
    this.columns = Collections.unmodifiableSet(EnumSet.copyOf(b.columns));
    this.x = b.x;
    this.y = b.y;
    this.z = b.z;
    this.intensity = b.intensity;
    this.returnNumber = b.returnNumber;
    this.numberOfReturns = b.numberOfReturns;
    this.flags = b.flags;
    this.classification = b.classification;
    this.scanAngle = b.scanAngle;
    this.userData = b.userData;
    this.pointSourceId = b.pointSourceId;
    this.gpsTime = b.gpsTime;
    this.red = b.red;
    this.green = b.green;
    this.blue = b.blue;
    this.nir = b.nir;
    this.extraBytesPerPoint = b.extraBytesPerPoint;
    this.extraBytes = b.extraBytes;
  }

  /** The bytes its columns take on the heap (array contents only). */
  long bytes() {
    return 8L * (x.length + y.length + z.length + scanAngle.length + gpsTime.length)
        + 4L * (intensity.length + pointSourceId.length + red.length + green.length)
        + 4L * (blue.length + nir.length)
        + 2L * (classification.length + userData.length)
        + returnNumber.length
        + numberOfReturns.length
        + flags.length
        + extraBytes.length;
  }

  /** The number of points. */
  public int size() {
    return size;
  }

  /** The LAS point data record format (0–10) the points were decoded from. */
  public int pointFormat() {
    return pointFormat;
  }

  /** The columns this batch holds (always including {@link PointColumn#XYZ}). */
  public Set<PointColumn> columns() {
    return columns;
  }

  /** Whether this batch holds {@code column}. */
  public boolean has(PointColumn column) {
    return columns.contains(column);
  }

  /** Scaled x: {@code X * scale + offset}. */
  public double[] x() {
    return x;
  }

  /** Scaled y. */
  public double[] y() {
    return y;
  }

  /** Scaled z. */
  public double[] z() {
    return z;
  }

  /** Intensity, 0–65535. */
  public int[] intensity() {
    return require(PointColumn.INTENSITY, intensity);
  }

  /** Return number, 0–7 (formats 0–5) or 0–15 (6–10). */
  public byte[] returnNumber() {
    return require(PointColumn.RETURNS, returnNumber);
  }

  /** Number of returns of the pulse, 0–7 (formats 0–5) or 0–15 (6–10). */
  public byte[] numberOfReturns() {
    return require(PointColumn.RETURNS, numberOfReturns);
  }

  /**
   * The flags in the layout of byte 15 of formats 6–10, for every format: {@link #FLAG_SYNTHETIC},
   * {@link #FLAG_KEY_POINT}, {@link #FLAG_WITHHELD}, {@link #FLAG_OVERLAP}, {@link
   * #SCANNER_CHANNEL_MASK}, {@link #FLAG_SCAN_DIRECTION}, {@link #FLAG_EDGE_OF_FLIGHT_LINE}. In
   * formats 0–5 overlap and scanner channel are 0.
   */
  public byte[] flags() {
    return require(PointColumn.FLAGS, flags);
  }

  /** Classification, 0–31 (formats 0–5, without the flag bits) or 0–255 (6–10). */
  public short[] classification() {
    return require(PointColumn.CLASSIFICATION, classification);
  }

  /**
   * Scan angle in degrees: the rank (an integer, −90..90) in formats 0–5, the 16-bit angle times
   * 0.006 in formats 6–10.
   */
  public double[] scanAngle() {
    return require(PointColumn.SCAN_ANGLE, scanAngle);
  }

  /** User data, 0–255. */
  public short[] userData() {
    return require(PointColumn.USER_DATA, userData);
  }

  /** Point source id, 0–65535. */
  public int[] pointSourceId() {
    return require(PointColumn.POINT_SOURCE_ID, pointSourceId);
  }

  /** GPS time (GPS week time or adjusted standard GPS time, see the header's global encoding). */
  public double[] gpsTime() {
    return require(PointColumn.GPS_TIME, gpsTime);
  }

  /** Red, 0–65535. */
  public int[] red() {
    return require(PointColumn.RGB, red);
  }

  /** Green, 0–65535. */
  public int[] green() {
    return require(PointColumn.RGB, green);
  }

  /** Blue, 0–65535. */
  public int[] blue() {
    return require(PointColumn.RGB, blue);
  }

  /** Near infrared, 0–65535. */
  public int[] nir() {
    return require(PointColumn.NIR, nir);
  }

  /** Extra bytes per point (0 when the records have none). */
  public int extraBytesPerPoint() {
    return extraBytesPerPoint;
  }

  /**
   * The extra bytes, raw: point {@code i} owns {@code [i * extraBytesPerPoint(), (i + 1) *
   * extraBytesPerPoint())}. Interpret them with the header's {@link ExtraBytesDescriptor}s.
   */
  public byte[] extraBytes() {
    return require(PointColumn.EXTRA_BYTES, extraBytes);
  }

  private <T> T require(PointColumn column, T values) {
    if (!columns.contains(column)) {
      throw new IllegalStateException(
          "column " + column + " is not in this batch (format " + pointFormat + "): " + columns);
    }
    return values;
  }

  /**
   * The points at {@code indices} (in that order), with the same columns.
   *
   * @throws IndexOutOfBoundsException if an index is not a point of this batch
   */
  public PointBatch select(int[] indices) {
    Builder b = new Builder(pointFormat, extraBytesPerPoint, indices.length, columns);
    for (int j = 0; j < indices.length; j++) {
      int i = java.util.Objects.checkIndex(indices[j], size);
      b.x[j] = x[i];
      b.y[j] = y[i];
      b.z[j] = z[i];
      if (b.has(PointColumn.INTENSITY)) {
        b.intensity[j] = intensity[i];
      }
      if (b.has(PointColumn.RETURNS)) {
        b.returnNumber[j] = returnNumber[i];
        b.numberOfReturns[j] = numberOfReturns[i];
      }
      if (b.has(PointColumn.FLAGS)) {
        b.flags[j] = flags[i];
      }
      if (b.has(PointColumn.CLASSIFICATION)) {
        b.classification[j] = classification[i];
      }
      if (b.has(PointColumn.SCAN_ANGLE)) {
        b.scanAngle[j] = scanAngle[i];
      }
      if (b.has(PointColumn.USER_DATA)) {
        b.userData[j] = userData[i];
      }
      if (b.has(PointColumn.POINT_SOURCE_ID)) {
        b.pointSourceId[j] = pointSourceId[i];
      }
      if (b.has(PointColumn.GPS_TIME)) {
        b.gpsTime[j] = gpsTime[i];
      }
      if (b.has(PointColumn.RGB)) {
        b.red[j] = red[i];
        b.green[j] = green[i];
        b.blue[j] = blue[i];
      }
      if (b.has(PointColumn.NIR)) {
        b.nir[j] = nir[i];
      }
      if (b.has(PointColumn.EXTRA_BYTES)) {
        System.arraycopy(
            extraBytes,
            i * extraBytesPerPoint,
            b.extraBytes,
            j * extraBytesPerPoint,
            extraBytesPerPoint);
      }
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "PointBatch[format " + pointFormat + ", " + size + " points, " + columns + "]";
  }

  /** Allocates the arrays of the columns asked for and fills them; for the decoders. */
  static final class Builder {
    final int pointFormat;
    final int size;
    final Set<PointColumn> columns;
    final double[] x;
    final double[] y;
    final double[] z;
    final int[] intensity;
    final byte[] returnNumber;
    final byte[] numberOfReturns;
    final byte[] flags;
    final short[] classification;
    final double[] scanAngle;
    final short[] userData;
    final int[] pointSourceId;
    final double[] gpsTime;
    final int[] red;
    final int[] green;
    final int[] blue;
    final int[] nir;
    final int extraBytesPerPoint;
    final byte[] extraBytes;

    /**
     * @param columns what the caller asked for; intersected with what the format has
     */
    Builder(int pointFormat, int extraBytesPerPoint, int size, Set<PointColumn> columns) {
      if (size < 0) {
        throw new IllegalArgumentException("size is negative: " + size);
      }
      this.pointFormat = pointFormat;
      this.size = size;
      Set<PointColumn> present = PointFormats.columns(pointFormat, extraBytesPerPoint);
      present.retainAll(columns);
      present.add(PointColumn.XYZ);
      this.columns = present;
      this.x = new double[size];
      this.y = new double[size];
      this.z = new double[size];
      this.intensity = has(PointColumn.INTENSITY) ? new int[size] : NO_INTS;
      this.returnNumber = has(PointColumn.RETURNS) ? new byte[size] : NO_BYTES;
      this.numberOfReturns = has(PointColumn.RETURNS) ? new byte[size] : NO_BYTES;
      this.flags = has(PointColumn.FLAGS) ? new byte[size] : NO_BYTES;
      this.classification = has(PointColumn.CLASSIFICATION) ? new short[size] : NO_SHORTS;
      this.scanAngle = has(PointColumn.SCAN_ANGLE) ? new double[size] : NO_DOUBLES;
      this.userData = has(PointColumn.USER_DATA) ? new short[size] : NO_SHORTS;
      this.pointSourceId = has(PointColumn.POINT_SOURCE_ID) ? new int[size] : NO_INTS;
      this.gpsTime = has(PointColumn.GPS_TIME) ? new double[size] : NO_DOUBLES;
      this.red = has(PointColumn.RGB) ? new int[size] : NO_INTS;
      this.green = has(PointColumn.RGB) ? new int[size] : NO_INTS;
      this.blue = has(PointColumn.RGB) ? new int[size] : NO_INTS;
      this.nir = has(PointColumn.NIR) ? new int[size] : NO_INTS;
      this.extraBytesPerPoint = extraBytesPerPoint;
      this.extraBytes =
          has(PointColumn.EXTRA_BYTES)
              ? new byte[Math.multiplyExact(size, extraBytesPerPoint)]
              : NO_BYTES;
    }

    boolean has(PointColumn column) {
      return columns.contains(column);
    }

    PointBatch build() {
      return new PointBatch(this);
    }
  }
}
