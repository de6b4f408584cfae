package io.dataplug.job;

import io.dataplug.slice.DataSlice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A domain job over the slices of an object (FASTQ read statistics; next a LiDAR elevation model,
 * raster statistics, ion images): the map step ({@link #apply}), how results combine, and what it
 * reports. A job lives in its domain's module and is found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.dataplug.job.SliceJob}), so the executor and the command line run it
 * without knowing its types: the command line offers every job as a sub-command, {@code dataplug
 * JOB URI}.
 *
 * <p>Implementations are named, stateless classes with a public no-argument constructor (so every
 * backend can ship them) and a result type that round-trips through JSON (for {@code aws_lambda}).
 *
 * @param <R> the result of one slice, and of many merged
 */
public interface SliceJob<R> extends TaskFunction<DataSlice, R> {
  /** Stable lowercase id, e.g. {@code fastq-stats}. */
  String id();

  /** One line for help texts. */
  String description();

  /** The format ids whose slices it reads. */
  Set<String> formats();

  /** The result of no slices. */
  R empty();

  /** Both results together (associative; {@link #empty()} is its identity). */
  R merge(R a, R b);

  /**
   * What a result says, as named numbers and strings in a stable order (the command line prints
   * them as a table row and puts them in its JSON line).
   */
  Map<String, Object> summary(R result);

  /**
   * Draws a result as a PNG where a picture says more.
   *
   * @return false if this job has no picture (nothing is written)
   */
  default boolean plot(R result, String title, Path png) throws IOException {
    return false;
  }
}
