package io.dataplug.lithops;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link FunctionExecutor} is built with, and where the defaults come from: the backend is
 * {@code $DATAPLUG_BACKEND}, else the {@code backend} of the configuration file, else {@code
 * localhost}; the workers are the file's {@code workers}, else the number of cores.
 *
 * @param backend the backend's name
 * @param workers how many calls run at once
 * @param retry how transient failures are retried
 * @param taskTimeout the longest a call may run, or null for no limit
 * @param progress when to draw a progress bar
 * @param progressOut where it goes
 */
record ExecutorSettings(
    String backend,
    int workers,
    RetryPolicy retry,
    @Nullable Duration taskTimeout,
    FunctionExecutor.Progress progress,
    PrintStream progressOut) {
  ExecutorSettings {
    requireNonNull(backend, "backend is null");
    requireNonNull(retry, "retry is null");
    requireNonNull(progress, "progress is null");
    requireNonNull(progressOut, "progressOut is null");
  }

  /**
   * The defaults: backend and workers from the environment and the configuration file, {@link
   * RetryPolicy#DEFAULT}, no task timeout, a progress bar on standard error when a terminal is
   * attached.
   *
   * @throws UncheckedIOException if the configuration file exists but cannot be read
   */
  static ExecutorSettings defaults() {
    Properties p = fromFileAndEnvironment();
    return new ExecutorSettings(
        p.getProperty("backend", "localhost"),
        Integer.parseInt(
            p.getProperty("workers", Integer.toString(Runtime.getRuntime().availableProcessors()))),
        RetryPolicy.DEFAULT,
        null,
        FunctionExecutor.Progress.AUTO,
        System.err);
  }

  /**
   * The configuration file: {@code -Ddataplug.config}, else {@code $DATAPLUG_CONFIG}, else {@code
   * ~/.dataplug/config.properties}.
   */
  static Path configFile() {
    String env = System.getProperty("dataplug.config", System.getenv("DATAPLUG_CONFIG"));
    return env != null
        ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".dataplug", "config.properties");
  }

  /**
   * Executor settings from the configuration file ({@code backend}, {@code workers}), overridden by
   * the environment ({@code DATAPLUG_BACKEND}); empty if there is none.
   */
  static Properties fromFileAndEnvironment() {
    Properties p = new Properties();
    Path file = configFile();
    if (Files.isRegularFile(file)) {
      try (var in = Files.newBufferedReader(file)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the configuration file " + file, e);
      }
    }
    String env = System.getenv(FunctionExecutor.BACKEND_ENV);
    if (env != null && !env.isBlank()) {
      p.setProperty("backend", env);
    }
    return p;
  }

  ExecutorSettings withBackend(String name) {
    return new ExecutorSettings(name, workers, retry, taskTimeout, progress, progressOut);
  }

  ExecutorSettings withWorkers(int n) {
    return new ExecutorSettings(backend, n, retry, taskTimeout, progress, progressOut);
  }

  ExecutorSettings withRetry(RetryPolicy policy) {
    return new ExecutorSettings(backend, workers, policy, taskTimeout, progress, progressOut);
  }

  ExecutorSettings withTaskTimeout(@Nullable Duration timeout) {
    return new ExecutorSettings(backend, workers, retry, timeout, progress, progressOut);
  }

  ExecutorSettings withProgress(FunctionExecutor.Progress when) {
    return new ExecutorSettings(backend, workers, retry, taskTimeout, when, progressOut);
  }

  ExecutorSettings withProgressOut(PrintStream out) {
    return new ExecutorSettings(backend, workers, retry, taskTimeout, progress, out);
  }
}
