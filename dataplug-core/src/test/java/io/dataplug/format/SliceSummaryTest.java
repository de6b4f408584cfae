package io.dataplug.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SliceSummaryTest {
  private static final SliceSummary A =
      new SliceSummary(
          ordered("records", 3L, "buffer_points", 1L),
          Map.of("x", new SliceSummary.ValueRange(-2.5, 4)));
  private static final SliceSummary B =
      new SliceSummary(
          ordered("records", 5L, "bases", 7L),
          Map.of(
              "x", new SliceSummary.ValueRange(1, 9.25), "z", new SliceSummary.ValueRange(0, 0)));

  private static Map<String, Long> ordered(String k1, long v1, String k2, long v2) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  @Test
  void mergeAddsCountsAndUnitesRanges() {
    SliceSummary m = A.merge(B);
    assertThat(m.counts())
        .containsExactly(
            Map.entry("records", 8L), Map.entry("buffer_points", 1L), Map.entry("bases", 7L));
    assertThat(m.ranges())
        .containsEntry("x", new SliceSummary.ValueRange(-2.5, 9.25))
        .containsEntry("z", new SliceSummary.ValueRange(0, 0))
        .hasSize(2);
    assertThat(SliceSummary.EMPTY.merge(A)).isEqualTo(A);
    assertThat(A.merge(SliceSummary.EMPTY)).isEqualTo(A);
  }

  @Test
  void roundTripsThroughJsonAndJavaSerialization() throws Exception {
    SliceSummary m = A.merge(B);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readValue(json.writeValueAsBytes(m), SliceSummary.class)).isEqualTo(m);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(m);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(m);
    }
  }

  @Test
  void rangeRejectsMinAboveMax() {
    assertThatThrownBy(() -> new SliceSummary.ValueRange(2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min 2.0 is not <= max 1.0");
    assertThatThrownBy(() -> new SliceSummary.ValueRange(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("min NaN is not <= max 1.0");
  }
}
