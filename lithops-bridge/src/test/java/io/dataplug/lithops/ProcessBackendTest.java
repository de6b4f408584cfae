package io.dataplug.lithops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process backend: worker JVMs over pipes; crashed and frozen workers are replaced and their
 * tasks retried.
 */
class ProcessBackendTest {
  @TempDir Path dir;

  private static FunctionExecutor process(int workers) {
    return FunctionExecutor.builder()
        .backend("process")
        .workers(workers)
        .progress(FunctionExecutor.Progress.NEVER)
        .retries(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50)))
        .build();
  }

  @Test
  void sameResultsAsLocalhost() throws IOException {
    Path file = dir.resolve("lines.txt");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      sb.append("line ").append(i).append('\n');
    }
    Files.writeString(file, sb);
    CloudObject co =
        CloudObject.builder(file.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .build();
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 8);
    List<Map<String, Long>> local;
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      local = executor.getResult(executor.map(Slices::summarize, slices));
    }
    try (FunctionExecutor executor = process(2)) {
      List<ResponseFuture<Map<String, Long>>> futures = executor.map(Slices::summarize, slices);
      assertThat(executor.getResult(futures)).isEqualTo(local);
      assertThat(futures.stream().mapToLong(f -> f.stats().bytesRead()).sum())
          .isEqualTo(Files.size(file));
      assertThat(
              executor.getResult(
                  executor.map((Integer x) -> x * 2, IntStream.range(0, 500).boxed().toList())))
          .isEqualTo(IntStream.range(0, 500).map(x -> x * 2).boxed().toList());
    }
  }

  /**
   * Workers map the launcher's class-data sharing archive: the worker JVM reports the option it was
   * given. The file here is not an archive, so this also shows that a worker whose archive does not
   * fit runs without it.
   */
  @Test
  void workersAreGivenTheLaunchersArchive() throws IOException {
    Path archive = Files.writeString(dir.resolve("not-an-archive.jsa"), "garbage");
    String previous = System.getProperty(WorkerSettings.SHARED_ARCHIVE);
    System.setProperty(WorkerSettings.SHARED_ARCHIVE, archive.toString());
    try (FunctionExecutor executor = process(1)) {
      List<String> got =
          executor.getResult(
              executor.map(
                  (Integer x) ->
                      java.lang.management.ManagementFactory.getPlatformMXBean(
                              com.sun.management.HotSpotDiagnosticMXBean.class)
                          .getVMOption("SharedArchiveFile")
                          .getValue(),
                  List.of(1)));
      assertThat(got).containsExactly(archive.toString());
    } finally {
      if (previous == null) {
        System.clearProperty(WorkerSettings.SHARED_ARCHIVE);
      } else {
        System.setProperty(WorkerSettings.SHARED_ARCHIVE, previous);
      }
    }
    assertThat(WorkerSettings.sharedArchiveOptions()).isEmpty();
  }

  @Test
  void failuresComeBackWithTheirMessage() {
    try (FunctionExecutor executor = process(1)) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> {
                throw new IllegalStateException("bad input " + x);
              },
              List.of(4));
      assertThatThrownBy(() -> executor.getResult(futures))
          .isInstanceOf(JobFailedException.class)
          .hasMessage(
              "1 of 1 tasks failed:\n  Task 0 (4) failed: java.lang.IllegalStateException: bad input 4");
    }
  }

  @Test
  void aWorkerKilledMidTaskIsReplacedAndTheTaskRetried() {
    String marker = dir.resolve("killed-once").toString();
    try (FunctionExecutor executor = process(2)) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> {
                if (x == 3 && new java.io.File(marker).createNewFile()) {
                  Runtime.getRuntime().halt(137); // the worker JVM dies in the middle of this task
                }
                return x + 1;
              },
              IntStream.range(0, 8).boxed().toList());
      assertThat(executor.getResult(futures)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
      assertThat(futures.get(3).stats().attempts()).isEqualTo(2);
    }
  }

  @Test
  void aFrozenWorkerIsDetectedByItsHeartbeat() {
    System.setProperty("dataplug.process.heartbeatTimeoutMs", "1500");
    String marker = dir.resolve("frozen-once").toString();
    try (FunctionExecutor executor = process(1)) {
      List<ResponseFuture<Long>> futures =
          executor.map(
              (Integer x) -> {
                if (new java.io.File(marker).createNewFile()) {
                  new ProcessBuilder("kill", "-STOP", Long.toString(ProcessHandle.current().pid()))
                      .start()
                      .waitFor();
                }
                return ProcessHandle.current().pid();
              },
              List.of(1));
      long start = System.nanoTime();
      executor.getResult(futures);
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
      assertThat(futures.get(0).stats().attempts()).isEqualTo(2);
    } finally {
      System.clearProperty("dataplug.process.heartbeatTimeoutMs");
    }
  }
}
