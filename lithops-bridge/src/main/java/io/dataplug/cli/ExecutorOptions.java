package io.dataplug.cli;

import io.dataplug.lithops.FunctionExecutor;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Where a command runs its calls: the workers and the backend. */
final class ExecutorOptions {
  @Option(
      names = {"-w", "--workers"},
      paramLabel = "W",
      description = "Parallel workers (default: number of cores).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(
      names = {"-b", "--backend"},
      paramLabel = "B",
      description =
          "Executor backend: localhost, process, spark, aws_lambda (default: $DATAPLUG_BACKEND, else 'backend' in ~/.dataplug/config.properties, else localhost).")
  @Nullable String backend;

  /** Rejects a worker count below 1 as bad usage, before any I/O. */
  void validate(CommandSpec spec) {
    if (workers < 1) {
      throw new ParameterException(
          spec.commandLine(), "--workers must be at least 1 (got " + workers + ")");
    }
  }

  /** An executor builder with these workers and backend. */
  FunctionExecutor.Builder builder() {
    FunctionExecutor.Builder builder = FunctionExecutor.builder().workers(workers);
    if (backend != null) {
      builder.backend(backend);
    }
    return builder;
  }
}
