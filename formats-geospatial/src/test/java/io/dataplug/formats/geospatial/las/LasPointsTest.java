package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dataplug.formats.geospatial.las.Fixtures.Truth;
import io.dataplug.storage.RangeReader;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LasPointsTest {

  static Stream<Truth> lasFiles() {
    return Fixtures.LAS.stream();
  }

  @ParameterizedTest
  @MethodSource("lasFiles")
  void everyRecordEqualsLaszip4j(Truth t) throws Exception {
    try (RangeReader reader = Fixtures.reader(t.file())) {
      LasHeader h = LasHeader.read(reader);
      PointOracle oracle =
          PointOracle.read(Fixtures.path(t.file()), (int) h.pointCount(), h.pointFormat(), 0);
      PointBatch all = LasPoints.read(reader, h, 0, (int) h.pointCount(), PointColumn.all());
      assertThat(all.size()).isEqualTo(t.points());
      assertThat(all.pointFormat()).isEqualTo(t.format());
      oracle.assertMatches(all, h, 0, t.file());
      PointBatch xyz = LasPoints.read(reader, h, 0, (int) h.pointCount(), PointColumn.xyzOnly());
      oracle.assertMatches(xyz, h, 0, t.file() + " (XYZ only)");
      assertThat(xyz.columns()).containsExactly(PointColumn.XYZ);
      // a run from the middle
      if (h.pointCount() > 10) {
        int first = (int) (h.pointCount() / 3);
        PointBatch part = LasPoints.read(reader, h, first, 7, PointColumn.all());
        oracle.assertMatches(part, h, first, t.file() + " [" + first + ", +7)");
      }
      if (t.points() > 0) {
        assertBounds(all, t);
      }
      System.out.printf("%s: %d records equal laszip4j's%n", t.file(), all.size());
    }
  }

  static void assertBounds(PointBatch b, Truth t) {
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    for (int i = 0; i < b.size(); i++) {
      double[] p = {b.x()[i], b.y()[i], b.z()[i]};
      for (int a = 0; a < 3; a++) {
        min[a] = Math.min(min[a], p[a]);
        max[a] = Math.max(max[a], p[a]);
      }
    }
    assertThat(min).containsExactly(t.min(), within(5e-4));
    assertThat(max).containsExactly(t.max(), within(5e-4));
  }
}
