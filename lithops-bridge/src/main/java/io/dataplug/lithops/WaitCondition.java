package io.dataplug.lithops;

/**
 * When {@link FunctionExecutor#wait} returns: when all calls are done, when any is, or when a
 * fraction of them is (Lithops' {@code return_when}).
 *
 * @param fraction the share of calls that must be done, in (0, 1]; 0 means "any one"
 */
public record WaitCondition(double fraction) {
  public static final WaitCondition ALL = new WaitCondition(1.0);
  public static final WaitCondition ANY = new WaitCondition(0.0);

  public WaitCondition {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("fraction must be in [0, 1]: " + fraction);
    }
  }

  /** When at least {@code fraction} of the calls are done. */
  public static WaitCondition fraction(double fraction) {
    return new WaitCondition(fraction);
  }

  /** How many of {@code n} calls must be done. */
  int needed(int n) {
    return n == 0 ? 0 : fraction == 0 ? 1 : (int) Math.ceil(fraction * n - 1e-9);
  }
}
