package io.dataplug.formats.genomics.fastq;

import io.dataplug.job.SliceJob;
import io.dataplug.slice.DataSlice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The read statistics of FASTQ slices as a job ({@code fastq-stats}): {@link FastqStats#of} per
 * slice, merged; the picture is the read-length histogram and the mean quality by position.
 */
public final class FastqStatistics implements SliceJob<FastqStats> {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return "fastq-stats";
  }

  @Override
  public String description() {
    return "read statistics of FASTQ: reads, bases, GC, mean quality, read lengths, quality by position";
  }

  @Override
  public Set<String> formats() {
    return Set.of("fastq");
  }

  @Override
  public FastqStats apply(DataSlice slice) throws IOException {
    return FastqStats.of(slice);
  }

  @Override
  public FastqStats empty() {
    return FastqStats.empty();
  }

  @Override
  public FastqStats merge(FastqStats a, FastqStats b) {
    return a.merge(b);
  }

  @Override
  public Map<String, Object> summary(FastqStats s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("reads", s.reads());
    out.put("bases", s.bases());
    long[] lengths = s.lengthHistogram();
    int min = 0;
    while (min < lengths.length && lengths[min] == 0) {
      min++;
    }
    out.put("gc_percent", Math.round(s.gcPercent() * 100) / 100.0);
    out.put("mean_quality", Math.round(s.meanQuality() * 100) / 100.0);
    out.put("min_length", s.reads() == 0 ? 0 : min);
    out.put("max_length", Math.max(0, lengths.length - 1));
    out.put("mean_length", Math.round(10.0 * s.bases() / Math.max(1, s.reads())) / 10.0);
    return out;
  }

  @Override
  public boolean plot(FastqStats result, String title, Path png) throws IOException {
    FastqStatsPlot.draw(result, title, png);
    return true;
  }
}
