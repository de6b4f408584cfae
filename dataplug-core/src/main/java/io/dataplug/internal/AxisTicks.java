package io.dataplug.internal;

import java.util.Locale;

/**
 * Round numbers for the axes, scale bars and legends of the pictures the library draws: steps of 1,
 * 2 or 5 × 10^k, and ticks at whole multiples of them.
 */
public final class AxisTicks {
  private AxisTicks() {}

  /** The smallest of 1, 2, 5 × 10^k at or above {@code v}; 1 if {@code v} is not positive. */
  public static double nice(double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      return 1;
    }
    double base = Math.pow(10, Math.floor(Math.log10(v)));
    for (int m : new int[] {1, 2, 5}) {
      if (m * base >= v) {
        return m * base;
      }
    }
    return 10 * base;
  }

  /** The step of at most {@code maxTicks} + 1 round ticks that cover {@code [min, max]}. */
  public static double step(double min, double max, int maxTicks) {
    if (maxTicks < 1) {
      throw new IllegalArgumentException("maxTicks must be at least 1: " + maxTicks);
    }
    double step = nice((max - min) / maxTicks);
    // rounding the ends out to the step may need one step more than maxTicks: take the next one
    while (Math.ceil(max / step) - Math.floor(min / step) > maxTicks) {
      step = nice(step * 1.5);
    }
    return step;
  }

  /**
   * The ticks at whole multiples of {@code step} from the last at or below {@code min} to the first
   * at or above {@code max}.
   */
  public static double[] covering(double min, double max, double step) {
    long first = (long) Math.floor(min / step);
    long last = (long) Math.ceil(max / step);
    if (last == first) {
      last++;
    }
    double[] ticks = new double[(int) (last - first + 1)];
    for (int i = 0; i < ticks.length; i++) {
      ticks[i] = (first + i) * step;
    }
    return ticks;
  }

  /** A tick's label with as many decimals as {@code step} needs (none for whole steps). */
  public static String label(double v, double step) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", v == 0 ? 0.0 : v);
  }
}
