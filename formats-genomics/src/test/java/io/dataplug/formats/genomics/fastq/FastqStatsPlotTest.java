package io.dataplug.formats.genomics.fastq;

import static org.assertj.core.api.Assertions.assertThat;

import htsjdk.samtools.fastq.FastqReader;
import io.dataplug.testing.SharedTestData;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fastq-stats picture, checked pixel by pixel. */
class FastqStatsPlotTest {
  @TempDir Path dir;

  // the histogram panel's frame, as FastqStatsPlot lays it out
  private static final int X = 90;
  private static final int Y = 60;
  private static final int W = 500;
  private static final int H = 360;

  @Test
  void theTallestBarHasRoomAboveItForItsCountInsideThePanel() throws IOException {
    // GROUND_TRUTH.md: cutadapt_illumina.fastq.gz holds 100 reads, all 101 bp; htsjdk reads them
    FastqStats.Accumulator reads = new FastqStats.Accumulator();
    Path fastq = SharedTestData.file("fastq/cutadapt_illumina.fastq.gz");
    try (FastqReader reader =
        new FastqReader(
            null,
            new BufferedReader(
                new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(fastq)),
                    StandardCharsets.US_ASCII)))) {
      reader.forEach(reads::add);
    }
    FastqStats stats = reads.stats();
    assertThat(stats.lengthHistogram()[101]).isEqualTo(100);
    Path png = dir.resolve("stats.png");
    FastqStatsPlot.draw(stats, "cutadapt_illumina", png);
    BufferedImage image = ImageIO.read(png.toFile());

    int barTop = Integer.MAX_VALUE;
    int barLeft = Integer.MAX_VALUE;
    int barRight = -1;
    for (int px = X + 1; px < X + W; px++) {
      for (int py = Y + 1; py < Y + H; py++) {
        if ((image.getRGB(px, py) & 0xffffff) == 0x3b6ea5) {
          barTop = Math.min(barTop, py);
          barLeft = Math.min(barLeft, px);
          barRight = Math.max(barRight, px);
        }
      }
    }
    assertThat(barRight).as("the one bar is drawn").isPositive();
    assertThat(barTop - Y).as("room above the tallest bar").isGreaterThanOrEqualTo(H / 8);
    assertThat(X + W - barRight).as("the bar stays off the right edge").isGreaterThan(20);

    // the count, dark text between the frame's top and the bar, wholly inside the panel
    int textLeft = Integer.MAX_VALUE;
    int textRight = -1;
    for (int px = X + 1; px < X + W; px++) {
      for (int py = Y + 1; py < barTop - 1; py++) {
        int rgb = image.getRGB(px, py) & 0xffffff;
        if (((rgb >> 16) & 0xff) < 100 && ((rgb >> 8) & 0xff) < 100 && (rgb & 0xff) < 100) {
          textLeft = Math.min(textLeft, px);
          textRight = Math.max(textRight, px);
        }
      }
    }
    assertThat(textRight).as("a label above the bar").isPositive();
    assertThat(textLeft).isGreaterThan(X + 1);
    assertThat(textRight).isLessThan(X + W - 1);
    assertThat(textRight).as("the label is near its bar").isGreaterThanOrEqualTo(barLeft - 40);
  }
}
