package io.dataplug.lithops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionExecutorTest {
  @TempDir Path dir;

  @Test
  void mapReturnsResultsInInputOrder() {
    List<Integer> inputs = IntStream.range(0, 2000).boxed().toList();
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      List<Integer> squares = executor.getResult(executor.map((Integer x) -> x * x, inputs));
      assertThat(squares).isEqualTo(inputs.stream().map(x -> x * x).toList());
      assertThat(executor.parallelism()).isEqualTo(2);
      assertThat(executor.backend()).isEqualTo("localhost");
    }
  }

  private record NoHint() implements io.dataplug.slice.SliceHint {}

  private static DataSlice sliceOf(int index, long bytes) {
    return DataSlice.of(
        "file:///x",
        null,
        "text",
        index,
        5,
        List.of(new io.dataplug.storage.ByteRange(0, bytes)),
        new NoHint(),
        StoreConfig.defaults());
  }

  /**
   * Slices start the largest first (ties in input order), so that the last calls to start are
   * short; results and futures stay in input order. Other inputs start in input order.
   */
  @Test
  void slicesStartTheLargestFirst() {
    List<DataSlice> slices =
        List.of(sliceOf(0, 10), sliceOf(1, 300), sliceOf(2, 20), sliceOf(3, 300), sliceOf(4, 50));
    assertThat(FunctionExecutor.submissionOrder(slices)).containsExactly(1, 3, 4, 2, 0);
    assertThat(FunctionExecutor.submissionOrder(List.of("a", "b", "c"))).containsExactly(0, 1, 2);
    List<Integer> started = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try (FunctionExecutor executor = FunctionExecutor.localhost(1)) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (DataSlice s) -> {
                started.add(s.index());
                return s.index();
              },
              slices);
      assertThat(executor.getResult(futures)).containsExactly(0, 1, 2, 3, 4);
      assertThat(futures).extracting(ResponseFuture::index).containsExactly(0, 1, 2, 3, 4);
    }
    assertThat(started).containsExactly(1, 3, 4, 2, 0);
  }

  @Test
  void failuresNameEveryFailedTaskAndItsInput() {
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> {
                if (x % 3 == 0) {
                  throw new IllegalStateException("bad input " + x);
                }
                return x;
              },
              List.of(1, 3, 4, 6));
      assertThatThrownBy(() -> executor.getResult(futures))
          .isInstanceOf(JobFailedException.class)
          .hasMessage(
              "2 of 4 tasks failed:\n"
                  + "  Task 1 (3) failed: java.lang.IllegalStateException: bad input 3\n"
                  + "  Task 3 (6) failed: java.lang.IllegalStateException: bad input 6");
      assertThat(futures.get(0).state()).isEqualTo(CallState.SUCCEEDED);
      assertThat(futures.get(1).state()).isEqualTo(CallState.FAILED);
    }
  }

  @Test
  void aResponseFutureIsAFutureAndACompletionStage() throws Exception {
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> {
                if (x == 3) {
                  throw new IllegalStateException("bad input 3");
                }
                return x * 10;
              },
              List.of(1, 2, 3));
      java.util.concurrent.Future<Integer> first = futures.get(0);
      assertThat(first.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(10);
      java.util.concurrent.CompletionStage<Integer> second = futures.get(1);
      assertThat(second.thenApply(v -> v + 1).toCompletableFuture().get()).isEqualTo(21);
      java.util.concurrent.CompletableFuture<Void> all =
          java.util.concurrent.CompletableFuture.allOf(
              futures.stream()
                  .map(java.util.concurrent.CompletionStage::toCompletableFuture)
                  .toArray(java.util.concurrent.CompletableFuture[]::new));
      assertThatThrownBy(all::join).hasCauseInstanceOf(TaskFailedException.class);
      assertThatThrownBy(() -> futures.get(2).get())
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .cause()
          .isInstanceOf(TaskFailedException.class)
          .hasMessageContaining("bad input 3");
      String handled =
          futures
              .get(2)
              .handle(
                  (v, e) -> v == null ? e.getClass().getSimpleName() + ": " + e.getMessage() : "ok")
              .toCompletableFuture()
              .get();
      assertThat(handled)
          .startsWith("TaskFailedException: Task 2 (3) failed")
          .contains("bad input 3");
      // a copy, so that completing it cannot end the call
      assertThat(futures.get(0).toCompletableFuture()).isNotSameAs(futures.get(0).completion());
      assertThat(futures.get(0).isCancelled()).isFalse();
    }
  }

  @Test
  void callStatsShowWhatEachSliceFetched() throws IOException {
    Path file = dir.resolve("lines.txt");
    Files.writeString(file, "some line of text\n".repeat(10_000));
    CloudObject co =
        CloudObject.builder(file.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .build();
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 4);
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      List<ResponseFuture<Long>> futures = executor.map(Slices::countRecords, slices);
      assertThat(executor.getResult(futures).stream().mapToLong(Long::longValue).sum())
          .isEqualTo(Files.readAllLines(file).size());
      for (int i = 0; i < slices.size(); i++) {
        CallStats stats = futures.get(i).stats();
        assertThat(stats.bytesRead()).isEqualTo(slices.get(i).length());
        assertThat(stats.requests()).isEqualTo(1);
        assertThat(stats.attempts()).isEqualTo(1);
        assertThat(stats.started()).isGreaterThanOrEqualTo(stats.submitted());
        assertThat(stats.finished()).isGreaterThanOrEqualTo(stats.started());
      }
    }
  }

  @Test
  void progressBarIsDrawnForLongJobs() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("localhost")
            .workers(2)
            .progress(FunctionExecutor.Progress.ALWAYS)
            .progressTo(new PrintStream(err, true, StandardCharsets.UTF_8))
            .build()) {
      executor.getResult(
          executor.map(
              (Integer x) -> {
                Thread.sleep(100);
                return x;
              },
              IntStream.range(0, 10).boxed().toList()));
    }
    String out = err.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("\r[", "] 10/10 tasks").endsWith("\n");
  }

  @Test
  void pendingCallsCanBeCancelled() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    try (FunctionExecutor executor = FunctionExecutor.localhost(1)) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> {
                release.await();
                return x;
              },
              List.of(1, 2));
      assertThat(futures.get(1).cancel()).isTrue();
      assertThat(futures.get(1).state()).isEqualTo(CallState.CANCELLED);
      release.countDown();
      assertThat(futures.get(0).result()).isEqualTo(1);
    }
  }

  /** Fails with an IOException for the first {@code failures} attempts of each input. */
  static final java.util.Map<Integer, java.util.concurrent.atomic.AtomicInteger> ATTEMPTS =
      new java.util.concurrent.ConcurrentHashMap<>();

  static int flaky(Integer x, int failures) throws IOException {
    int n =
        ATTEMPTS
            .computeIfAbsent(x, k -> new java.util.concurrent.atomic.AtomicInteger())
            .incrementAndGet();
    if (n <= failures) {
      throw new java.net.SocketException("Connection reset (attempt " + n + ")");
    }
    return x;
  }

  private static FunctionExecutor quickRetries(int attempts) {
    return FunctionExecutor.builder()
        .backend("localhost")
        .workers(2)
        .progress(FunctionExecutor.Progress.NEVER)
        .retries(
            new RetryPolicy(
                attempts, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(20)))
        .build();
  }

  @Test
  void transientFailuresAreRetriedWithBackoff() {
    ATTEMPTS.clear();
    try (FunctionExecutor executor = quickRetries(3)) {
      List<ResponseFuture<Integer>> futures =
          executor.map((Integer x) -> flaky(x, 2), List.of(1, 2, 3));
      assertThat(executor.getResult(futures)).containsExactly(1, 2, 3);
      assertThat(futures).allSatisfy(f -> assertThat(f.stats().attempts()).isEqualTo(3));
    }
  }

  @Test
  void exhaustedRetriesFailWithTheCause() {
    ATTEMPTS.clear();
    try (FunctionExecutor executor = quickRetries(2)) {
      List<ResponseFuture<Integer>> futures =
          executor.map((Integer x) -> flaky(x + 100, 5), List.of(1));
      assertThatThrownBy(() -> executor.getResult(futures))
          .isInstanceOf(JobFailedException.class)
          .hasMessage(
              "1 of 1 tasks failed:\n  Task 0 (1) failed: java.net.SocketException: Connection reset (attempt 2)");
      assertThat(futures.get(0).stats().attempts()).isEqualTo(2);
      assertThat(futures.get(0).state()).isEqualTo(CallState.FAILED);
    }
  }

  @Test
  void programmingErrorsAreNotRetried() {
    try (FunctionExecutor executor = quickRetries(5)) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> {
                throw new IllegalArgumentException("bad " + x);
              },
              List.of(7));
      executor.waitAll(futures);
      assertThat(futures.get(0).stats().attempts()).isEqualTo(1);
    }
  }

  @Test
  void slowCallsTimeOut() {
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("localhost")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .taskTimeout(java.time.Duration.ofMillis(200))
            .build()) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> {
                if (x == 1) {
                  Thread.sleep(10_000);
                }
                return x;
              },
              List.of(0, 1, 2));
      long start = System.nanoTime();
      assertThatThrownBy(() -> executor.getResult(futures))
          .isInstanceOf(JobFailedException.class)
          .hasMessage(
              "1 of 3 tasks failed:\n  Task 1 (1) failed: io.dataplug.lithops.TaskTimeoutException: timed out after 200 ms");
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
      assertThat(futures.get(1).state()).isEqualTo(CallState.TIMED_OUT);
      assertThat(futures.get(0).state()).isEqualTo(CallState.SUCCEEDED);
    }
  }

  @Test
  void waitForAnyForAFractionAndWithATimeout() {
    CountDownLatch release = new CountDownLatch(1);
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("localhost")
            .workers(4)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> {
                if (x >= 2) {
                  release.await();
                }
                return x;
              },
              List.of(0, 1, 2, 3));
      WaitResult<Integer> any = executor.wait(futures, WaitCondition.ANY, null);
      assertThat(any.done()).isNotEmpty();
      WaitResult<Integer> half = executor.wait(futures, WaitCondition.fraction(0.5), null);
      assertThat(half.done()).hasSizeGreaterThanOrEqualTo(2);
      WaitResult<Integer> all =
          executor.wait(futures, WaitCondition.ALL, java.time.Duration.ofMillis(100));
      assertThat(all.notDone()).extracting(ResponseFuture::index).containsExactly(2, 3);
      release.countDown();
      assertThat(executor.wait(futures, WaitCondition.ALL, null).notDone()).isEmpty();
    }
  }

  @Test
  void mapReduceStartsTheReducerEarlyAndReducesInOrder() {
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("localhost")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      MapReduceJob<Integer, String> job =
          executor.mapReduce(
              (Integer x) -> {
                Thread.sleep(5);
                return x * x;
              },
              IntStream.range(0, 50).boxed().toList(),
              results -> {
                StringBuilder sb = new StringBuilder();
                long sum = 0;
                while (results.hasNext()) {
                  sum += results.next();
                }
                return sb.append(sum).toString();
              },
              0.2);
      assertThat(executor.getResult(job.reduce()))
          .isEqualTo(Long.toString(IntStream.range(0, 50).mapToLong(x -> (long) x * x).sum()));
      assertThat(job.reduce().stats().started())
          .isLessThanOrEqualTo(
              job.maps().stream().mapToLong(f -> f.stats().finished()).max().orElseThrow());

      MapReduceJob<Integer, Integer> failing =
          executor.mapReduce(
              (Integer x) -> {
                if (x == 3) {
                  throw new IllegalStateException("map 3 broke");
                }
                return x;
              },
              List.of(1, 2, 3, 4),
              results -> {
                int s = 0;
                while (results.hasNext()) {
                  s += results.next();
                }
                return s;
              },
              1.0);
      assertThatThrownBy(() -> executor.getResult(failing.reduce()))
          .isInstanceOf(JobFailedException.class)
          .hasMessageContaining("map 3 broke");
    }
  }

  @Test
  void timelinePlotAndSummary() throws IOException {
    ATTEMPTS.clear();
    try (FunctionExecutor executor = quickRetries(3)) {
      List<ResponseFuture<Integer>> futures =
          executor.map(
              (Integer x) -> flaky(x + 1000, x % 2), IntStream.range(0, 20).boxed().toList());
      executor.getResult(futures);
      Path png = dir.resolve("timeline.png");
      Timeline.plot(futures, "test job", png);
      java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(png.toFile());
      assertThat(image.getWidth()).isEqualTo(1200);
      assertThat(Timeline.summary(futures))
          .contains("tasks      20 (succeeded=20)", "attempts   30 (10 retries)");
    }
  }

  @Test
  void backendAndWorkersComeFromTheConfigurationFile() throws IOException {
    Path config = dir.resolve("config.properties");
    Files.writeString(config, "# dataplug settings\nbackend=process\nworkers=3\n");
    System.setProperty("dataplug.config", config.toString());
    try (FunctionExecutor executor =
        FunctionExecutor.builder().progress(FunctionExecutor.Progress.NEVER).build()) {
      assertThat(executor.backend())
          .isEqualTo(
              System.getenv("DATAPLUG_BACKEND") == null
                  ? "process"
                  : System.getenv("DATAPLUG_BACKEND"));
      assertThat(executor.parallelism()).isEqualTo(3);
    } finally {
      System.clearProperty("dataplug.config");
    }
  }

  @Test
  void unknownBackendIsAClearError() {
    assertThatThrownBy(() -> FunctionExecutor.builder().backend("cloud9").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown backend 'cloud9' (known: aws_lambda, localhost, process, spark)");
  }
}
