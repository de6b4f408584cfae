package io.dataplug.formats.genomics.fastq;

import io.dataplug.internal.AxisTicks;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The picture of FASTQ read statistics, a PNG drawn with Java2D (headless). */
final class FastqStatsPlot {
  private static final int WIDTH = 1200;
  private static final int HEIGHT = 480;
  private static final Color BAR = new Color(0x3b6ea5);
  private static final Color LINE = new Color(0xc0504d);

  private FastqStatsPlot() {}

  /** Two panels: the read-length histogram and the mean quality at each position. */
  static void draw(FastqStats stats, String title, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, 20, 26);

    long[] lengths = stats.lengthHistogram();
    double[] counts = new double[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      counts[i] = lengths[i];
    }
    panel(
        g,
        90,
        60,
        500,
        360,
        "Read length histogram",
        "read length (bp)",
        "reads (log scale)",
        counts,
        true,
        0);
    panel(
        g,
        680,
        60,
        500,
        360,
        "Mean quality by position",
        "position in read (bp)",
        "mean Phred quality",
        stats.meanQualityByPosition(),
        false,
        42);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  /**
   * One panel: bars on a log10 scale, or a line on a linear scale from 0 to {@code fixedMax} (or to
   * a round number at or above the largest value when it is 0). Value {@code i} spans {@code [i, i
   * + 1)} on an x axis that runs from 0 to a round number at or above the number of values; ticks
   * are on round numbers. The tallest bar keeps room above it for its count.
   */
  private static void panel(
      Graphics2D g,
      int x,
      int y,
      int w,
      int h,
      String title,
      String xLabel,
      String yLabel,
      double[] values,
      boolean bars,
      double fixedMax) {
    double max = 0;
    int tallest = -1;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i]) && values[i] > max) {
        max = values[i];
        tallest = i;
      }
    }
    int n = Math.max(1, values.length);
    double xStep = AxisTicks.step(0, n, 6);
    double[] xTicks = AxisTicks.covering(0, n, xStep);
    double xMax = xTicks[xTicks.length - 1];
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(Color.BLACK);
    g.drawString(title, x, y - 8);
    g.setColor(new Color(0xf4f4f4));
    g.fillRect(x, y, w, h);
    g.setColor(Color.GRAY);
    g.drawRect(x, y, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics m = g.getFontMetrics();
    g.setColor(Color.DARK_GRAY);
    double top;
    if (bars) {
      // decades; the top leaves a sixth of the height above the tallest bar for its count
      top = max > 0 ? Math.log10(1 + max) * 1.2 : 1;
      for (double v = 1; Math.log10(1 + v) <= top; v *= 10) {
        yTick(g, m, x, y + h - (int) Math.round(h * Math.log10(1 + v) / top), format(v));
      }
    } else {
      double yStep = AxisTicks.step(0, fixedMax > 0 ? fixedMax : Math.max(max, 1), 5);
      double[] yTicks = AxisTicks.covering(0, fixedMax > 0 ? fixedMax : Math.max(max, 1), yStep);
      top = fixedMax > 0 ? fixedMax : yTicks[yTicks.length - 1];
      for (double v : yTicks) {
        if (v <= top) {
          yTick(g, m, x, y + h - (int) Math.round(h * v / top), AxisTicks.label(v, yStep));
        }
      }
    }
    for (double v : xTicks) {
      int tx = x + (int) Math.round(v * w / xMax);
      String label = AxisTicks.label(v, xStep);
      g.drawLine(tx, y + h, tx, y + h + 4);
      g.drawString(label, tx - m.stringWidth(label) / 2, y + h + 18);
    }
    g.drawString(xLabel, x + w / 2 - m.stringWidth(xLabel) / 2, y + h + 36);
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(y + h / 2 + m.stringWidth(yLabel) / 2), x - 55);
    g.rotate(Math.PI / 2);
    if (tallest < 0) {
      return;
    }
    if (bars) {
      g.setColor(BAR);
      for (int i = 0; i < values.length; i++) {
        int bh = (int) Math.round(h * Math.log10(1 + values[i]) / top);
        int bx = x + (int) Math.round(i * w / xMax);
        int bw = Math.max(2, (int) Math.round((i + 1) * w / xMax) - (bx - x));
        g.fillRect(bx, y + h - bh, bw, bh);
      }
      // the tallest bar's count above it, inside the panel
      String count = String.format(Locale.ROOT, "%,d", Math.round(max));
      int barTop = y + h - (int) Math.round(h * Math.log10(1 + max) / top);
      int centre = x + (int) Math.round((tallest + 0.5) * w / xMax);
      int lx =
          Math.max(
              x + 3, Math.min(x + w - 3 - m.stringWidth(count), centre - m.stringWidth(count) / 2));
      g.setColor(Color.BLACK);
      g.drawString(count, lx, barTop - 5);
    } else {
      g.setColor(LINE);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (int i = 0; i < values.length; i++) {
        if (Double.isNaN(values[i])) {
          continue;
        }
        int cx = x + (int) Math.round((i + 0.5) * w / xMax);
        int cy = y + h - (int) Math.round(h * Math.min(values[i], top) / top);
        if (px >= 0) {
          g.drawLine(px, py, cx, cy);
        }
        px = cx;
        py = cy;
      }
      g.setStroke(new BasicStroke(1f));
    }
  }

  /** A y-axis tick at {@code ty} with its label right-aligned left of it. */
  private static void yTick(Graphics2D g, FontMetrics m, int x, int ty, String label) {
    g.drawLine(x - 4, ty, x, ty);
    g.drawString(label, x - 7 - m.stringWidth(label), ty + 4);
  }

  private static String format(double v) {
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.0fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
