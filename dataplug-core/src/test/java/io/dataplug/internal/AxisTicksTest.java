package io.dataplug.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AxisTicksTest {
  @Test
  void ticksOfTheReadLengthsOfAPlotAreRound() {
    // the fastq-stats picture of 101 bp reads had ticks at 0, 20, 40, 61, 81, 101
    double step = AxisTicks.step(0, 101, 6);
    assertThat(step).isEqualTo(20);
    assertThat(AxisTicks.covering(0, 101, step)).containsExactly(0, 20, 40, 60, 80, 100, 120);
    // a Phred axis up to 42 had 0, 11, 21, 32, 42
    assertThat(AxisTicks.covering(0, 42, AxisTicks.step(0, 42, 5)))
        .containsExactly(0, 10, 20, 30, 40, 50);
  }

  @Test
  void everyTickIsAWholeMultipleOfOneTwoOrFiveTimesAPowerOfTen() {
    for (double max : new double[] {0.37, 1, 7.5, 36, 101, 151, 250, 999, 1234.5, 86_400, 3e7}) {
      for (int count : List.of(3, 5, 6, 8)) {
        double step = AxisTicks.step(0, max, count);
        BigDecimal mantissa =
            BigDecimal.valueOf(step).scaleByPowerOfTen(-(int) Math.floor(Math.log10(step)));
        assertThat(mantissa.stripTrailingZeros().toPlainString())
            .as("step %s", step)
            .isIn("1", "2", "5");
        double[] ticks = AxisTicks.covering(0, max, step);
        assertThat(ticks.length - 1)
            .as("intervals for max %s, count %d", max, count)
            .isLessThanOrEqualTo(count);
        assertThat(ticks[0]).isZero();
        assertThat(ticks[ticks.length - 1]).isGreaterThanOrEqualTo(max);
        assertThat(ticks[ticks.length - 1] - step).isLessThan(max);
        for (double t : ticks) {
          assertThat(Math.abs(t / step - Math.rint(t / step))).isLessThan(1e-9);
        }
      }
    }
  }

  @Test
  void labelsHaveTheDecimalsTheStepNeeds() {
    double[] ticks = AxisTicks.covering(0, 0.37, AxisTicks.step(0, 0.37, 4));
    assertThat(Arrays.stream(ticks).mapToObj(t -> AxisTicks.label(t, 0.1)).toList())
        .containsExactly("0.0", "0.1", "0.2", "0.3", "0.4");
    assertThat(AxisTicks.label(120, 20)).isEqualTo("120");
    assertThat(AxisTicks.label(2.5, 0.5)).isEqualTo("2.5");
    assertThat(AxisTicks.nice(16.8)).isEqualTo(20);
    assertThat(AxisTicks.nice(0)).isEqualTo(1);
  }
}
