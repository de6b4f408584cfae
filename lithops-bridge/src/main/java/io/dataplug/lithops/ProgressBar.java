package io.dataplug.lithops;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on the terminal: {@code [#####.....] 5/8 tasks 12.3 MB read 2.1 s}.
 * Redrawn in place with {@code \r}; finished with a newline.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final String unit;
  private final long start = System.nanoTime();
  private boolean drawn;

  public ProgressBar(PrintStream out, String unit) {
    this.out = out;
    this.unit = unit;
  }

  /** Whether a bar should be drawn by default: only when a person watches a terminal. */
  public static boolean terminalAttached() {
    return System.console() != null && System.getenv("CI") == null;
  }

  public void update(long done, long total, long bytes) {
    double seconds = (System.nanoTime() - start) / 1e9;
    int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
    String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
    out.printf(
        Locale.ROOT,
        "\r[%s] %d/%d %s  %s read  %.1f s ",
        bar,
        done,
        total,
        unit,
        bytes(bytes),
        seconds);
    out.flush();
    drawn = true;
  }

  public void finish(long done, long total, long bytes) {
    update(done, total, bytes);
    out.println();
    out.flush();
  }

  public boolean drawn() {
    return drawn;
  }

  /** Bytes for people: 512 B, 12.3 MB, 1.2 GB (decimal units). */
  public static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = n;
    int i = -1;
    while (v >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }
}
