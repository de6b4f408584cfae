package io.dataplug.benchmarks;

import io.dataplug.CloudObject;
import io.dataplug.format.SliceSummary;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.functions.Summarize;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The same FASTQ.gz count (8 slices, 2 workers) on each backend, executor start included: results
 * must be identical; prints each backend's time and its overhead against localhost. The spark row
 * needs Spark (and its Servlet 5) on the class path; it is skipped otherwise.
 */
final class BackendsBench {
  private BackendsBench() {}

  static void run(Path gz, int runs) throws Exception {
    CloudObject co =
        CloudObject.builder(gz.toString())
            .format("fastq")
            .storeConfig(StoreConfig.defaults())
            .build();
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 8);
    Map<String, Double> times = new java.util.LinkedHashMap<>();
    List<SliceSummary> reference = null;
    // aws_lambda with the handler run in this JVM and the job's status objects in a local folder:
    // what the status protocol costs, without AWS (the embedded S3 server cannot share a class
    // path with Spark's Servlet 5)
    java.nio.file.Path jobs = java.nio.file.Files.createTempDirectory("dataplug-bench-jobs");
    System.setProperty("dataplug.lambda.invoker", "local");
    System.setProperty("dataplug.lambda.jobs", jobs.toUri().toString());
    for (String backend : List.of("localhost", "process", "spark", "aws_lambda")) {
      if (!FunctionExecutor.backends().containsKey(backend)) {
        continue;
      }
      double[] t = new double[runs];
      for (int i = 0; i < runs; i++) {
        List<SliceSummary>[] out = new List[1];
        try {
          t[i] =
              Harness.time(
                  () -> {
                    try (FunctionExecutor executor =
                        FunctionExecutor.builder()
                            .backend(backend)
                            .workers(2)
                            .progress(FunctionExecutor.Progress.NEVER)
                            .build()) {
                      out[0] = executor.getResult(executor.map(new Summarize(), slices));
                    }
                    return null;
                  });
        } catch (IllegalStateException e) {
          System.out.printf("| %s backend: skipped (%s) | | | | |%n", backend, e.getMessage());
          t = null;
          break;
        }
        if (reference == null) {
          reference = out[0];
        } else if (!reference.equals(out[0])) {
          throw new IllegalStateException(
              backend + " gave other results: " + out[0] + " vs " + reference);
        }
      }
      if (t != null) {
        times.put(backend, Harness.median(t));
      }
    }
    Double local = times.get("localhost");
    if (local == null || reference == null) {
      throw new IllegalStateException("the localhost backend did not run");
    }
    List<SliceSummary> results = reference;
    long reads = results.stream().mapToLong(m -> m.counts().getOrDefault("records", 0L)).sum();
    times.forEach(
        (backend, t) ->
            System.out.printf(
                Locale.ROOT,
                "| count %,d reads of FASTQ.gz, 8 slices, 2 workers, executor start included: %s (identical results) | %.3f s | %.3f s (localhost) | %.2f× of localhost | report |%n",
                reads,
                backend,
                t,
                local,
                t / local));
  }
}
