package io.dataplug.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mreutegg.laszip4j.laslib.LASheader;
import com.github.mreutegg.laszip4j.laslib.LASreadOpener;
import com.github.mreutegg.laszip4j.laslib.LASreader;
import com.github.mreutegg.laszip4j.laszip.LASpoint;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** LAS/LAZ files as laszip4j's own sequential reader sees them (the third-party ground truth). */
final class LaszipOracle {
  private LaszipOracle() {}

  /**
   * The points of {@code file} as a multiset of keys (raw X, Y, Z, intensity, classification,
   * return number, GPS time bits).
   *
   * @param withheld 1: only withheld points, 0: only the others, -1: all
   */
  static Map<String, Integer> keys(Path file, int withheld) throws Exception {
    Map<String, Integer> out = new HashMap<>();
    LASreader r = new LASreadOpener().open(file.toString());
    try {
      boolean legacy = r.header.point_data_format < 6;
      while (r.read_point()) {
        LASpoint p = r.point;
        if (withheld >= 0 && p.get_withheld_flag() != withheld) {
          continue;
        }
        // laszip4j 0.20 returns the whole byte (flags included) as the classification of
        // formats 0-5
        int classification = legacy ? p.get_classification() & 0x1F : p.get_classification();
        String key =
            p.get_X()
                + ","
                + p.get_Y()
                + ","
                + p.get_Z()
                + ","
                + p.get_intensity()
                + ","
                + classification
                + ","
                + p.get_return_number()
                + ","
                + Double.doubleToRawLongBits(p.get_gps_time());
        out.merge(key, 1, Integer::sum);
      }
    } finally {
      r.close();
    }
    return out;
  }

  /**
   * laszip4j decodes {@code points} points from {@code file}, and its header states that count, the
   * points by return and the bounds of those points (in the legacy fields: for LAS 1.0–1.3 and
   * formats 0–5).
   */
  static void assertHeaderMatchesPoints(Path file, long points) throws Exception {
    LASreader r = new LASreadOpener().open(file.toString());
    long n = 0;
    long[] byReturn = new long[15];
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    LASheader h = r.header;
    try {
      while (r.read_point()) {
        n++;
        int rn = r.point.get_return_number();
        if (rn >= 1) {
          byReturn[rn - 1]++;
        }
        double[] p = {r.point.get_x(), r.point.get_y(), r.point.get_z()};
        for (int k = 0; k < 3; k++) {
          min[k] = Math.min(min[k], p[k]);
          max[k] = Math.max(max[k], p[k]);
        }
      }
    } finally {
      r.close();
    }
    assertThat(n).as("points laszip4j decodes from %s", file).isEqualTo(points);
    assertThat(Integer.toUnsignedLong(h.number_of_point_records)).as("header count").isEqualTo(n);
    for (int k = 0; k < 5; k++) {
      assertThat(Integer.toUnsignedLong(h.number_of_points_by_return[k]))
          .as("points of return %s", k + 1)
          .isEqualTo(byReturn[k]);
    }
    if (n > 0) {
      assertThat(new double[] {h.min_x, h.min_y, h.min_z}).as("min").containsExactly(min);
      assertThat(new double[] {h.max_x, h.max_y, h.max_z}).as("max").containsExactly(max);
    }
  }
}
