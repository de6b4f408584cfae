package io.dataplug.formats.geospatial.dem;

import io.dataplug.internal.AxisTicks;
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
import org.jspecify.annotations.Nullable;

/**
 * The picture of an elevation model, a PNG drawn with Java2D (headless): elevation colours shaded
 * by the relief (light from the north-west, 45° high), a colour bar from the lowest to the highest
 * elevation, and a scale bar.
 */
final class ElevationPicture {
  private static final int MAP_WIDTH = 900;
  private static final int MAP_HEIGHT = 620;
  private static final int LEFT = 30;
  private static final int TOP = 70;
  private static final Color EMPTY = new Color(0xe6e6e6);
  private static final double[] STOPS = {0, 0.3, 0.55, 0.8, 1};
  private static final Color[] RAMP = {
    new Color(0x1a9641),
    new Color(0xa6d96a),
    new Color(0xffffbf),
    new Color(0xc8864a),
    new Color(0xf4f4f4)
  };

  private ElevationPicture() {}

  /**
   * Draws {@code grid} to {@code file}.
   *
   * @param unit the CRS's linear unit (e.g. {@code ft}), or null if unknown
   * @param subtitle one line under the title (how the model was made)
   */
  static void draw(
      ElevationGrid grid, @Nullable String unit, String title, String subtitle, Path file)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int w = grid.width();
    int h = grid.height();
    double scale = Math.min((double) MAP_WIDTH / w, (double) MAP_HEIGHT / h);
    int mapW = Math.max(1, (int) Math.round(w * scale));
    int mapH = Math.max(1, (int) Math.round(h * scale));
    int width = LEFT + Math.max(mapW, 560) + 170;
    int height = TOP + mapH + 90;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(Color.DARK_GRAY);
    g.drawString(subtitle, LEFT, 50);

    float min = grid.min();
    float max = grid.max();
    g.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION,
        scale >= 1
            ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
            : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(relief(grid, min, max), LEFT, TOP, mapW, mapH, null);
    g.setColor(Color.GRAY);
    g.drawRect(LEFT, TOP, mapW, mapH);

    String suffix = unit == null ? "" : " " + unit;
    legend(g, LEFT + Math.max(mapW, 560) + 30, TOP, Math.min(mapH, 360), min, max, suffix);
    scaleBar(g, LEFT, TOP + mapH + 30, mapW, grid.cellSize() / scale, suffix);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  /**
   * One pixel a cell: the elevation's colour darkened where the slope faces away from the light.
   */
  private static BufferedImage relief(ElevationGrid grid, float min, float max) {
    int w = grid.width();
    int h = grid.height();
    float[] v = grid.values();
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    double zenith = Math.toRadians(45);
    double azimuth = Math.toRadians(360 - 315 + 90);
    double range = max > min ? max - min : 1;
    for (int i = 0; i < h; i++) {
      for (int j = 0; j < w; j++) {
        float z = v[i * w + j];
        if (Float.isNaN(z)) {
          out.setRGB(j, i, EMPTY.getRGB());
          continue;
        }
        // Horn's gradient over the 3 × 3 neighbourhood; a missing neighbour counts as this cell
        double a = at(v, w, h, i - 1, j - 1, z);
        double b = at(v, w, h, i - 1, j, z);
        double c = at(v, w, h, i - 1, j + 1, z);
        double d = at(v, w, h, i, j - 1, z);
        double f = at(v, w, h, i, j + 1, z);
        double gg = at(v, w, h, i + 1, j - 1, z);
        double hh = at(v, w, h, i + 1, j, z);
        double ii = at(v, w, h, i + 1, j + 1, z);
        double dzdx = ((c + 2 * f + ii) - (a + 2 * d + gg)) / (8 * grid.cellSize());
        double dzdy = ((gg + 2 * hh + ii) - (a + 2 * b + c)) / (8 * grid.cellSize());
        double slope = Math.atan(Math.hypot(dzdx, dzdy));
        double aspect = Math.atan2(dzdy, -dzdx);
        double shade =
            Math.cos(zenith) * Math.cos(slope)
                + Math.sin(zenith) * Math.sin(slope) * Math.cos(azimuth - aspect);
        double light = 0.35 + 0.65 * Math.max(0, shade);
        Color colour = colour((z - min) / range);
        out.setRGB(
            j,
            i,
            new Color(
                    channel(colour.getRed(), light),
                    channel(colour.getGreen(), light),
                    channel(colour.getBlue(), light))
                .getRGB());
      }
    }
    return out;
  }

  private static double at(float[] v, int w, int h, int i, int j, float fallback) {
    if (i < 0 || j < 0 || i >= h || j >= w || Float.isNaN(v[i * w + j])) {
      return fallback;
    }
    return v[i * w + j];
  }

  private static int channel(int c, double light) {
    return (int) Math.max(0, Math.min(255, Math.round(c * light)));
  }

  /** The ramp's colour at {@code t} in [0, 1]. */
  static Color colour(double t) {
    t = Math.max(0, Math.min(1, t));
    int k = 1;
    while (k < STOPS.length - 1 && t > STOPS[k]) {
      k++;
    }
    double u = (t - STOPS[k - 1]) / (STOPS[k] - STOPS[k - 1]);
    Color a = RAMP[k - 1];
    Color b = RAMP[k];
    return new Color(
        (int) Math.round(a.getRed() + u * (b.getRed() - a.getRed())),
        (int) Math.round(a.getGreen() + u * (b.getGreen() - a.getGreen())),
        (int) Math.round(a.getBlue() + u * (b.getBlue() - a.getBlue())));
  }

  /** A vertical colour bar, the highest elevation at the top, labelled at both ends and between. */
  private static void legend(Graphics2D g, int x, int y, int h, float min, float max, String unit) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString("elevation" + (unit.isEmpty() ? "" : " (" + unit.strip() + ")"), x - 10, y - 10);
    int barW = 22;
    for (int k = 0; k < h; k++) {
      g.setColor(colour(1 - (double) k / Math.max(1, h - 1)));
      g.fillRect(x, y + k, barW, 1);
    }
    g.setColor(Color.GRAY);
    g.drawRect(x, y, barW, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.BLACK);
    double range = max > min ? max - min : 1;
    g.drawString(String.format(Locale.ROOT, "%.1f max", max), x + barW + 6, y + 5);
    g.drawString(String.format(Locale.ROOT, "%.1f min", min), x + barW + 6, y + h + 5);
    double step = AxisTicks.nice(range / 8);
    g.setColor(Color.DARK_GRAY);
    for (double v = Math.ceil(min / step) * step; v < max; v += step) {
      int ty = y + (int) Math.round((max - v) / range * (h - 1));
      if (ty - y < 16 || y + h - ty < 16) {
        continue;
      }
      g.drawLine(x + barW, ty, x + barW + 4, ty);
      g.drawString(String.format(Locale.ROOT, "%.0f", v), x + barW + 6, ty + 4);
    }
  }

  /** A bar of a round length near a fifth of the map's width, with its length written above. */
  private static void scaleBar(
      Graphics2D g, int x, int y, int mapW, double unitsPerPixel, String unit) {
    double length = AxisTicks.nice(mapW * unitsPerPixel / 5);
    int px = (int) Math.round(length / unitsPerPixel);
    g.setColor(Color.BLACK);
    g.fillRect(x, y + 8, px / 2, 6);
    g.drawRect(x, y + 8, px, 6);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics m = g.getFontMetrics();
    String zero = "0";
    String label = String.format(Locale.ROOT, "%s%s", number(length), unit);
    g.drawString(zero, x - m.stringWidth(zero) / 2, y + 2);
    g.drawString(label, x + px - m.stringWidth(label) / 2, y + 2);
    g.drawString("north up", x + px + 60, y + 16);
  }

  /** {@code v} without a fraction when it is whole. */
  static String number(double v) {
    return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : Double.toString(v);
  }
}
