package io.dataplug.lithops;

import io.dataplug.internal.AxisTicks;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A job's timeline, like Lithops' {@code plot()}: a PNG with when each call was submitted, started
 * and finished (colored by how it ended) and how many ran at once; and a plain-text summary table.
 */
public final class Timeline {
  private static final Map<CallState, Color> COLORS =
      new EnumMap<>(
          Map.of(
              CallState.SUCCEEDED,
              new Color(0x4a9a4a),
              CallState.FAILED,
              new Color(0xc0392b),
              CallState.TIMED_OUT,
              new Color(0xe67e22),
              CallState.LOST,
              new Color(0x8e44ad),
              CallState.CANCELLED,
              Color.GRAY,
              CallState.RUNNING,
              new Color(0x3b6ea5),
              CallState.PENDING,
              Color.LIGHT_GRAY));

  private Timeline() {}

  /** A summary: how calls ended, wall and task times, retries, and what they fetched. */
  public static String summary(List<? extends ResponseFuture<?>> futures) {
    Map<CallState, Integer> states = new EnumMap<>(CallState.class);
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    double[] run = new double[futures.size()];
    double wait = 0;
    long attempts = 0;
    long bytes = 0;
    long requests = 0;
    long storageRetries = 0;
    int n = 0;
    for (ResponseFuture<?> f : futures) {
      states.merge(f.state(), 1, Integer::sum);
      CallStats s = f.stats();
      first = Math.min(first, s.submitted());
      last = Math.max(last, s.finished());
      if (s.started() > 0 && s.finished() > 0) {
        run[n++] = (s.finished() - s.started()) / 1000.0;
        wait += (s.started() - s.submitted()) / 1000.0;
      }
      attempts += s.attempts();
      bytes += s.bytesRead();
      requests += s.requests();
      storageRetries += s.storageRetries();
    }
    double[] times = Arrays.copyOf(run, n);
    Arrays.sort(times);
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "tasks      %d (%s)%n",
            futures.size(),
            states.toString().replaceAll("[{}]", "").toLowerCase(Locale.ROOT)));
    sb.append(
        String.format(
            Locale.ROOT,
            "wall time  %.3f s (first submit to last finish)%n",
            futures.isEmpty() ? 0 : (last - first) / 1000.0));
    if (n > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              "task time  mean %.3f s, median %.3f s, max %.3f s%n",
              Arrays.stream(times).average().orElse(0),
              times[n / 2],
              times[n - 1]));
      sb.append(
          String.format(Locale.ROOT, "waiting    mean %.3f s from submit to start%n", wait / n));
    }
    sb.append(
        String.format(
            Locale.ROOT,
            "attempts   %d (%d retries)%n",
            attempts,
            Math.max(0, attempts - futures.size())));
    sb.append(
        String.format(
            Locale.ROOT,
            "fetched    %s in %d requests (%d sent again by the storage client)%n",
            ProgressBar.bytes(bytes),
            requests,
            storageRetries));
    return sb.toString();
  }

  /** Writes the timeline PNG. */
  public static void plot(List<? extends ResponseFuture<?>> futures, String title, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int width = 1200;
    int height = 640;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, 20, 26);
    long t0 = futures.stream().mapToLong(f -> f.stats().submitted()).min().orElse(0);
    long t1 =
        futures.stream()
            .mapToLong(f -> Math.max(f.stats().finished(), f.stats().submitted()))
            .max()
            .orElse(t0 + 1);
    double span = Math.max(1, t1 - t0);
    int x = 80;
    int y = 50;
    int w = width - 120;
    int h = 380;
    int n = Math.max(1, futures.size());
    axes(g, x, y, w, h, span, "call", n);
    for (ResponseFuture<?> f : futures) {
      CallStats s = f.stats();
      int row = y + h - (int) ((f.index() + 1.0) * h / (n + 1));
      int xs = x + (int) (w * (s.submitted() - t0) / span);
      int xr = s.started() > 0 ? x + (int) (w * (s.started() - t0) / span) : xs;
      int xe = s.finished() > 0 ? x + (int) (w * (s.finished() - t0) / span) : xr;
      g.setColor(new Color(0xcccccc));
      g.drawLine(xs, row, xr, row);
      g.setColor(COLORS.getOrDefault(f.state(), Color.BLACK));
      g.setStroke(new BasicStroke(Math.max(1f, Math.min(6f, (float) h / n * 0.6f))));
      g.drawLine(xr, row, Math.max(xr + 1, xe), row);
      g.setStroke(new BasicStroke(1f));
    }
    // concurrency: calls running at each moment
    int cy = y + h + 60;
    int ch = 110;
    int buckets = w;
    int[] running = new int[buckets];
    for (ResponseFuture<?> f : futures) {
      CallStats s = f.stats();
      if (s.started() <= 0) {
        continue;
      }
      int a = (int) ((s.started() - t0) / span * (buckets - 1));
      int b = (int) (((s.finished() > 0 ? s.finished() : t1) - t0) / span * (buckets - 1));
      for (int i = Math.max(0, a); i < Math.min(buckets, Math.max(b, a + 1)); i++) {
        running[i]++;
      }
    }
    int max = Math.max(1, Arrays.stream(running).max().orElse(1));
    axes(g, x, cy, w, ch, span, "running", max);
    g.setColor(new Color(0x3b6ea5));
    for (int i = 0; i < buckets; i++) {
      int bh = ch * running[i] / max;
      g.drawLine(x + i, cy + ch, x + i, cy + ch - bh);
    }
    // legend
    int lx = x;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (CallState state :
        List.of(
            CallState.SUCCEEDED,
            CallState.FAILED,
            CallState.TIMED_OUT,
            CallState.LOST,
            CallState.CANCELLED)) {
      g.setColor(COLORS.get(state));
      g.fillRect(lx, height - 22, 14, 10);
      g.setColor(Color.DARK_GRAY);
      g.drawString(state.name().toLowerCase(Locale.ROOT), lx + 18, height - 12);
      lx += 110;
    }
    g.setColor(new Color(0xcccccc));
    g.fillRect(lx, height - 18, 14, 3);
    g.setColor(Color.DARK_GRAY);
    g.drawString("waiting (submitted, not started)", lx + 18, height - 12);
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void axes(
      Graphics2D g, int x, int y, int w, int h, double spanMillis, String yLabel, int yMax) {
    g.setColor(new Color(0xf4f4f4));
    g.fillRect(x, y, w, h);
    g.setColor(Color.GRAY);
    g.drawRect(x, y, w, h);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(Color.DARK_GRAY);
    // ticks on round seconds within the span
    double seconds = spanMillis / 1000.0;
    double step = AxisTicks.step(0, seconds, 6);
    for (double v : AxisTicks.covering(0, seconds, step)) {
      if (v > seconds * 1.0001) {
        break;
      }
      int tx = x + (int) Math.round(w * v / seconds);
      String label = AxisTicks.label(v, step) + " s";
      g.drawLine(tx, y + h, tx, y + h + 4);
      g.drawString(label, tx - g.getFontMetrics().stringWidth(label) / 2, y + h + 17);
    }
    g.drawString("0", x - 14, y + h + 4);
    g.drawString(Integer.toString(yMax), x - 8 - 7 * Integer.toString(yMax).length(), y + 10);
    g.rotate(-Math.PI / 2);
    g.drawString(yLabel, -(y + h / 2 + 20), x - 40);
    g.rotate(Math.PI / 2);
  }
}
