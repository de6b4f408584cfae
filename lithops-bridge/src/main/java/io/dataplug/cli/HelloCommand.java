package io.dataplug.cli;

import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.ResponseFuture;
import io.dataplug.lithops.Timeline;
import io.dataplug.lithops.functions.Hello;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "hello",
    mixinStandardHelpOptions = true,
    description =
        "Run a trivial function on a backend to check that it works (like 'lithops hello').")
final class HelloCommand implements Callable<Integer> {
  @Option(
      names = {"-b", "--backend"},
      paramLabel = "B",
      description = "Executor backend (default: $DATAPLUG_BACKEND or localhost).")
  @Nullable String backend;

  @Option(
      names = {"-w", "--workers"},
      paramLabel = "W",
      description = "Parallel workers (default: 2).")
  int workers = 2;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    FunctionExecutor.Builder b = FunctionExecutor.builder().workers(workers);
    if (backend != null) {
      b.backend(backend);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (FunctionExecutor executor = b.build()) {
      List<ResponseFuture<String>> futures =
          executor.map(new Hello(), IntStream.range(0, workers).boxed().toList());
      executor.getResult(futures).forEach(out::println);
      out.printf(
          "backend %s, %d workers%n%s",
          executor.backend(), executor.parallelism(), Timeline.summary(futures));
    }
    out.flush();
    return 0;
  }
}
