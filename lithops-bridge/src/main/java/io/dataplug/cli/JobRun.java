package io.dataplug.cli;

import io.dataplug.job.SliceJob;
import io.dataplug.lithops.CallStats;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.ResponseFuture;
import io.dataplug.slice.DataSlice;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One run of a {@link SliceJob} over slices on an executor, whatever the job's result type: the
 * per-slice results with what each fetched, and their merge. Shared by {@code run} and {@code
 * demo}.
 */
final class JobRun {
  final SliceJob<Object> job;
  final List<Object> results;
  final List<CallStats> stats;
  final Object total;
  final double seconds;

  private JobRun(
      SliceJob<Object> job,
      List<Object> results,
      List<CallStats> stats,
      Object total,
      double seconds) {
    this.job = job;
    this.results = results;
    this.stats = stats;
    this.total = total;
    this.seconds = seconds;
  }

  @SuppressWarnings("unchecked")
  static JobRun run(SliceJob<?> job, List<DataSlice> slices, FunctionExecutor executor) {
    SliceJob<Object> j = (SliceJob<Object>) job;
    long t = System.nanoTime();
    List<ResponseFuture<Object>> futures = executor.map(j, slices);
    List<Object> results = executor.getResult(futures);
    Object total = j.empty();
    for (Object r : results) {
      total = j.merge(total, r);
    }
    List<CallStats> stats = new ArrayList<>();
    for (ResponseFuture<Object> f : futures) {
      stats.add(f.stats());
    }
    return new JobRun(j, results, stats, total, (System.nanoTime() - t) / 1e9);
  }

  long bytesRead() {
    return stats.stream().mapToLong(CallStats::bytesRead).sum();
  }

  long requests() {
    return stats.stream().mapToLong(CallStats::requests).sum();
  }

  /**
   * A table of the slices: the first two figures of each result's summary, then what each fetched;
   * then the total row.
   */
  void printTable(PrintWriter out) {
    List<String> keys = new ArrayList<>(job.summary(total).keySet());
    List<String> shown = keys.subList(0, Math.min(2, keys.size()));
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%7s", "slice"));
    shown.forEach(k -> head.append(String.format(Locale.ROOT, " %14s", k)));
    head.append(
        String.format(Locale.ROOT, " %16s %9s %9s", "bytes fetched", "requests", "seconds"));
    out.println(head);
    for (int i = 0; i < results.size(); i++) {
      Map<String, Object> s = job.summary(results.get(i));
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7d", i));
      shown.forEach(k -> row.append(String.format(Locale.ROOT, " %14s", figure(s.get(k)))));
      CallStats c = stats.get(i);
      row.append(
          String.format(Locale.ROOT, " %,16d %9d %9.2f", c.bytesRead(), c.requests(), c.seconds()));
      out.println(row);
    }
    Map<String, Object> t = job.summary(total);
    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7s", "total"));
    shown.forEach(k -> row.append(String.format(Locale.ROOT, " %14s", figure(t.get(k)))));
    row.append(String.format(Locale.ROOT, " %,16d", bytesRead()));
    out.println(row);
  }

  /** The total's summary, one figure a line. */
  void printSummary(PrintWriter out) {
    job.summary(total)
        .forEach((k, v) -> out.printf(Locale.ROOT, "  %-14s %s%n", k.replace('_', ' '), figure(v)));
  }

  boolean plot(String title, java.nio.file.Path png) throws IOException {
    return job.plot(total, title, png);
  }

  boolean write(java.nio.file.Path file) throws IOException {
    return job.write(total, file);
  }

  static String figure(@Nullable Object v) {
    if (v instanceof Long || v instanceof Integer) {
      return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
    }
    return String.valueOf(v);
  }
}
