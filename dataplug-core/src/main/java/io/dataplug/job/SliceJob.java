package io.dataplug.job;

import io.dataplug.slice.DataSlice;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
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
 * <p>Implementations are named classes with a public no-argument constructor (so every backend can
 * ship them) and a result type that round-trips through JSON (for {@code aws_lambda}).
 *
 * <p>A job may take {@linkplain #parameters() parameters}. Before the map, the driver calls {@link
 * #configure} once with their values and the slices, and maps the job it returns: a new, still
 * serializable instance holding the settings (the instance found by {@code ServiceLoader} stays
 * unconfigured). {@link #summary}, {@link #plot} and {@link #write} are called on that configured
 * instance.
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

  /** The parameters this job takes, in the order help texts list them (default: none). */
  default List<JobParameter> parameters() {
    return List.of();
  }

  /**
   * This job set up for a run over {@code slices}: configured with {@code values}, and with
   * whatever it derives from the slices (a default from the data's extent, a grid aligned across
   * tiles). Runs once on the driver, before the map. The default takes no parameters and returns
   * this job.
   *
   * @param values the value of each parameter given, by {@link JobParameter#name()}; a parameter
   *     not given takes its {@link JobParameter#defaultValue()}
   * @param slices the slices the returned job will be mapped over
   * @return a job to map over {@code slices} (serializable like any {@link TaskFunction})
   * @throws IllegalArgumentException if a name is not one of {@link #parameters()} or a value is
   *     not valid for its parameter (the message names the parameter)
   * @throws IOException if reading what the job needs from the slices' objects fails
   */
  default SliceJob<R> configure(Map<String, String> values, List<DataSlice> slices)
      throws IOException {
    if (!values.isEmpty()) {
      throw new IllegalArgumentException(
          "Job " + id() + " takes no parameters (got " + values.keySet() + ")");
    }
    return this;
  }

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

  /**
   * Writes a result to a file in the form its domain uses (an elevation model as a GeoTIFF),
   * replacing the file if it exists.
   *
   * @return false if this job has no such file (nothing is written)
   */
  default boolean write(R result, Path file) throws IOException {
    return false;
  }
}
