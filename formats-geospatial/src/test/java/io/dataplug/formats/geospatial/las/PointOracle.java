package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mreutegg.laszip4j.laslib.LASreadOpener;
import com.github.mreutegg.laszip4j.laslib.LASreader;
import com.github.mreutegg.laszip4j.laszip.LASpoint;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The independent oracle: every point of a file as laszip4j's own sequential reader ({@link
 * LASreadOpener}) returns it, as columns of raw values. NIR, scanner channel and extra bytes have
 * no public getter in laszip4j 0.20 and are read from its point records' public fields.
 */
public final class PointOracle {
  public final int size;
  public final int[] xs;
  public final int[] ys;
  public final int[] zs;
  public final int[] intensity;
  public final int[] returnNumber;
  public final int[] numberOfReturns;
  public final int[] flags;
  public final int[] classification;

  /** Legacy formats: the scan angle rank (degrees); formats 6–10: the raw angle (0.006°). */
  public final int[] scanAngle;

  public final int[] userData;
  public final int[] pointSourceId;
  public final long[] gpsTimeBits;
  public final int[] red;
  public final int[] green;
  public final int[] blue;
  public final int[] nir;
  public final byte[] extraBytes;
  public final int extraPerPoint;

  private PointOracle(int n, int extraPerPoint) {
    this.size = n;
    this.xs = new int[n];
    this.ys = new int[n];
    this.zs = new int[n];
    this.intensity = new int[n];
    this.returnNumber = new int[n];
    this.numberOfReturns = new int[n];
    this.flags = new int[n];
    this.classification = new int[n];
    this.scanAngle = new int[n];
    this.userData = new int[n];
    this.pointSourceId = new int[n];
    this.gpsTimeBits = new long[n];
    this.red = new int[n];
    this.green = new int[n];
    this.blue = new int[n];
    this.nir = new int[n];
    this.extraBytes = new byte[n * extraPerPoint];
    this.extraPerPoint = extraPerPoint;
  }

  /** Reads every point of {@code file}; fails unless laszip4j returns {@code expectedCount}. */
  public static PointOracle read(Path file, int expectedCount, int format, int extraPerPoint)
      throws Exception {
    PointOracle o = new PointOracle(expectedCount, extraPerPoint);
    LASreader r = new LASreadOpener().open(file.toString());
    int i = 0;
    try {
      while (r.read_point()) {
        assertThat(i)
            .as("laszip4j returns more points than %s", expectedCount)
            .isLessThan(expectedCount);
        o.copy(i++, r.point, format);
      }
    } finally {
      r.close();
    }
    assertThat(i).as("points laszip4j read from %s", file).isEqualTo(expectedCount);
    return o;
  }

  private void copy(int i, LASpoint p, int format) throws Exception {
    xs[i] = p.get_X();
    ys[i] = p.get_Y();
    zs[i] = p.get_Z();
    intensity[i] = p.get_intensity();
    returnNumber[i] = p.get_return_number();
    numberOfReturns[i] = p.get_number_of_returns();
    int channel = 0;
    byte[] extra = new byte[0];
    for (Object rec : p.PointRecords) {
      if (rec == null) {
        continue;
      }
      String name = rec.getClass().getSimpleName();
      if (name.equals("PointDataRecordPoint14")) {
        channel = (field(rec, "ScanFlags").getByte(rec) >> 4) & 3;
      } else if (name.equals("PointDataRecordRgbNIR")) {
        nir[i] = field(rec, "NIR").getChar(rec);
      } else if (name.equals("PointDataRecordBytes")) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(extra);
        all.write((byte[]) field(rec, "Bytes").get(rec));
        extra = all.toByteArray();
      }
    }
    flags[i] =
        p.get_synthetic_flag()
            | p.get_keypoint_flag() << 1
            | p.get_withheld_flag() << 2
            | p.get_extended_overlap_flag() << 3
            | channel << 4
            | p.get_scan_direction_flag() << 6
            | p.get_edge_of_flight_line() << 7;
    classification[i] = p.get_classification();
    scanAngle[i] = format >= 6 ? (int) p.getScan_angle() : p.get_scan_angle_rank();
    userData[i] = p.get_user_data();
    pointSourceId[i] = p.get_point_source_ID();
    gpsTimeBits[i] = p.haveGpsTime() ? Double.doubleToRawLongBits(p.get_gps_time()) : 0;
    if (p.haveRgb()) {
      red[i] = p.get_R();
      green[i] = p.get_G();
      blue[i] = p.get_B();
    }
    assertThat(extra.length).as("extra bytes of point %s", i).isEqualTo(extraPerPoint);
    System.arraycopy(extra, 0, extraBytes, i * extraPerPoint, extraPerPoint);
  }

  private static Field field(Object rec, String name) throws NoSuchFieldException {
    Field f = rec.getClass().getField(name);
    f.setAccessible(true);
    return f;
  }

  /**
   * Asserts that {@code batch} equals the oracle's points {@code [first, first + batch.size())} in
   * every column the batch has, and that it has every column the header's format has (unless {@code
   * xyzOnly}).
   */
  public void assertMatches(PointBatch batch, LasHeader h, int first, String what) {
    int n = batch.size();
    int to = first + n;
    if (!batch.has(PointColumn.INTENSITY)) {
      assertThat(batch.columns()).as(what).containsExactly(PointColumn.XYZ);
    } else {
      assertThat(batch.columns()).as(what).isEqualTo(h.columns());
    }
    assertThat(batch.x())
        .as("%s x", what)
        .isEqualTo(scaled(xs, first, to, h.scale().x(), h.offset().x()));
    assertThat(batch.y())
        .as("%s y", what)
        .isEqualTo(scaled(ys, first, to, h.scale().y(), h.offset().y()));
    assertThat(batch.z())
        .as("%s z", what)
        .isEqualTo(scaled(zs, first, to, h.scale().z(), h.offset().z()));
    if (!batch.has(PointColumn.INTENSITY)) {
      return;
    }
    assertThat(batch.intensity())
        .as("%s intensity", what)
        .isEqualTo(Arrays.copyOfRange(intensity, first, to));
    assertThat(ints(batch.returnNumber()))
        .as("%s return number", what)
        .isEqualTo(Arrays.copyOfRange(returnNumber, first, to));
    assertThat(ints(batch.numberOfReturns()))
        .as("%s number of returns", what)
        .isEqualTo(Arrays.copyOfRange(numberOfReturns, first, to));
    assertThat(unsigned(batch.flags()))
        .as("%s flags", what)
        .isEqualTo(Arrays.copyOfRange(flags, first, to));
    assertThat(ints(batch.classification()))
        .as("%s classification", what)
        .isEqualTo(Arrays.copyOfRange(classification, first, to));
    int[] angles = new int[n];
    for (int i = 0; i < n; i++) {
      double degrees = batch.scanAngle()[i];
      angles[i] = (int) (h.extendedPointFormat() ? Math.round(degrees / 0.006) : degrees);
      if (!h.extendedPointFormat()) {
        assertThat(degrees).isEqualTo(Math.rint(degrees));
      }
    }
    assertThat(angles)
        .as("%s scan angle", what)
        .isEqualTo(Arrays.copyOfRange(scanAngle, first, to));
    assertThat(ints(batch.userData()))
        .as("%s user data", what)
        .isEqualTo(Arrays.copyOfRange(userData, first, to));
    assertThat(batch.pointSourceId())
        .as("%s point source", what)
        .isEqualTo(Arrays.copyOfRange(pointSourceId, first, to));
    if (batch.has(PointColumn.GPS_TIME)) {
      long[] bits = new long[n];
      for (int i = 0; i < n; i++) {
        bits[i] = Double.doubleToRawLongBits(batch.gpsTime()[i]);
      }
      assertThat(bits)
          .as("%s GPS time", what)
          .isEqualTo(Arrays.copyOfRange(gpsTimeBits, first, to));
    }
    if (batch.has(PointColumn.RGB)) {
      assertThat(batch.red()).as("%s red", what).isEqualTo(Arrays.copyOfRange(red, first, to));
      assertThat(batch.green())
          .as("%s green", what)
          .isEqualTo(Arrays.copyOfRange(green, first, to));
      assertThat(batch.blue()).as("%s blue", what).isEqualTo(Arrays.copyOfRange(blue, first, to));
    }
    if (batch.has(PointColumn.NIR)) {
      assertThat(batch.nir()).as("%s NIR", what).isEqualTo(Arrays.copyOfRange(nir, first, to));
    }
    if (batch.has(PointColumn.EXTRA_BYTES)) {
      assertThat(batch.extraBytes())
          .as("%s extra bytes", what)
          .isEqualTo(Arrays.copyOfRange(extraBytes, first * extraPerPoint, to * extraPerPoint));
    }
  }

  private static double[] scaled(int[] raw, int from, int to, double scale, double offset) {
    double[] out = new double[to - from];
    for (int i = from; i < to; i++) {
      out[i - from] = raw[i] * scale + offset;
    }
    return out;
  }

  private static int[] ints(byte[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  private static int[] unsigned(byte[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] & 0xFF;
    }
    return out;
  }

  private static int[] ints(short[] values) {
    int[] out = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }
}
