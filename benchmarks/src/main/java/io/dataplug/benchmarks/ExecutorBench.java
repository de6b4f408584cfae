package io.dataplug.benchmarks;

import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * No-op task throughput of the executor backends, against a bare JDK thread pool in the same run.
 */
final class ExecutorBench {
  private ExecutorBench() {}

  static void run(int runs) throws Exception {
    List<Integer> inputs = IntStream.range(0, 200_000).boxed().toList();
    double[] ours = new double[runs];
    double[] jdk = new double[runs];
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("localhost")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .retries(RetryPolicy.DEFAULT)
            .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(2);
      executor.getResult(executor.map((Integer x) -> x, inputs)); // warm-up
      for (int i = 0; i < runs; i++) {
        ours[i] = Harness.time(() -> executor.getResult(executor.map((Integer x) -> x, inputs)));
        jdk[i] =
            Harness.time(
                () -> {
                  List<Future<Integer>> fs = new ArrayList<>(inputs.size());
                  for (Integer x : inputs) {
                    fs.add(pool.submit(() -> x));
                  }
                  for (Future<Integer> f : fs) {
                    f.get();
                  }
                  return null;
                });
      }
      pool.shutdown();
    }
    double o = Harness.median(ours);
    double j = Harness.median(jdk);
    System.out.printf(
        Locale.ROOT,
        "| localhost backend, 200,000 no-op tasks on 2 workers: %,.0f tasks/s (bare JDK pool: %,.0f tasks/s) | %.3f s | %.3f s | %.2f× | ≥ 20,000 tasks/s |%n",
        inputs.size() / o,
        inputs.size() / j,
        o,
        j,
        j / o);

    List<Integer> small = IntStream.range(0, 5_000).boxed().toList();
    double[] proc = new double[runs];
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("process")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      executor.getResult(executor.map((Integer x) -> x, small)); // starts and warms the workers
      for (int i = 0; i < runs; i++) {
        proc[i] = Harness.time(() -> executor.getResult(executor.map((Integer x) -> x, small)));
      }
    }
    double p = Harness.median(proc);
    System.out.printf(
        Locale.ROOT,
        "| process backend (warm workers), 5,000 no-op tasks on 2 workers: %,.0f tasks/s | %.3f s | %.3f s (localhost, scaled) | %.2f× overhead | ≥ 500 tasks/s |%n",
        small.size() / p,
        p,
        o * small.size() / inputs.size(),
        p / (o * small.size() / inputs.size()));
  }
}
