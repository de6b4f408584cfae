package io.dataplug.formats.genomics.fastq;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
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
   * the largest value when it is 0).
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
    int first = -1;
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i]) && values[i] > 0) {
        max = Math.max(max, values[i]);
        first = first < 0 ? i : first;
      }
    }
    int n = Math.max(1, values.length);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.setColor(Color.BLACK);
    g.drawString(title, x, y - 8);
    g.setColor(new Color(0xf4f4f4));
    g.fillRect(x, y, w, h);
    g.setColor(Color.GRAY);
    g.drawRect(x, y, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.DARK_GRAY);
    double top = bars ? Math.log10(1 + max) : (fixedMax > 0 ? fixedMax : max);
    if (bars) {
      for (double v = 1; v <= max * 1.0001; v *= 10) {
        int ty = y + h - (int) (h * Math.log10(1 + v) / top);
        g.drawLine(x - 4, ty, x, ty);
        g.drawString(format(v), x - 45, ty + 4);
      }
    } else {
      for (int t = 0; t <= 4; t++) {
        double v = top * t / 4;
        int ty = y + h - (int) (h * t / 4.0);
        g.drawLine(x - 4, ty, x, ty);
        g.drawString(format(v), x - 45, ty + 4);
      }
    }
    for (int t = 0; t <= 5; t++) {
      int pos = (int) Math.round((n - 1) * t / 5.0);
      int tx = x + (int) ((pos + 0.5) * w / n);
      g.drawLine(tx, y + h, tx, y + h + 4);
      g.drawString(Integer.toString(pos), tx - 8, y + h + 18);
    }
    g.drawString(xLabel, x + w / 2 - 50, y + h + 36);
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(y + h / 2 + 50), x - 55);
    g.rotate(Math.PI / 2);
    if (max == 0 || first < 0) {
      return;
    }
    if (bars) {
      g.setColor(BAR);
      for (int i = 0; i < values.length; i++) {
        int bh = (int) Math.round(h * Math.log10(1 + values[i]) / top);
        int bx = x + i * w / n;
        int bw = Math.max(1, (i + 1) * w / n - i * w / n);
        g.fillRect(bx, y + h - bh, bw, bh);
      }
    } else {
      g.setColor(LINE);
      g.setStroke(new BasicStroke(2f));
      int px = -1;
      int py = -1;
      for (int i = 0; i < values.length; i++) {
        if (Double.isNaN(values[i])) {
          continue;
        }
        int cx = x + (int) ((i + 0.5) * w / n);
        int cy = y + h - (int) Math.round(h * values[i] / top);
        if (px >= 0) {
          g.drawLine(px, py, cx, cy);
        }
        px = cx;
        py = cy;
      }
    }
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
