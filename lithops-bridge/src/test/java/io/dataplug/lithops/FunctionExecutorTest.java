package io.dataplug.lithops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.DataSlice;
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

  @Test
  void failuresNameEveryFailedTaskAndItsInput() {
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      List<ResponseFuture<Integer>> futures = executor.map((Integer x) -> {
        if (x % 3 == 0) {
          throw new IllegalStateException("bad input " + x);
        }
        return x;
      }, List.of(1, 3, 4, 6));
      assertThatThrownBy(() -> executor.getResult(futures))
          .isInstanceOf(JobFailedException.class)
          .hasMessage("2 of 4 tasks failed:\n"
              + "  Task 1 (3) failed: java.lang.IllegalStateException: bad input 3\n"
              + "  Task 3 (6) failed: java.lang.IllegalStateException: bad input 6");
      assertThat(futures.get(0).state()).isEqualTo(CallState.SUCCEEDED);
      assertThat(futures.get(1).state()).isEqualTo(CallState.FAILED);
    }
  }

  @Test
  void callStatsShowWhatEachSliceFetched() throws IOException {
    Path file = dir.resolve("lines.txt");
    Files.writeString(file, "some line of text\n".repeat(10_000));
    CloudObject co = CloudObject.builder(file.toString()).format("text").storeConfig(StoreConfig.defaults()).build();
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 4);
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      List<ResponseFuture<Long>> futures = executor.map(DataSlice::countRecords, slices);
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
    try (FunctionExecutor executor = FunctionExecutor.builder().backend("localhost").workers(2)
        .progress(FunctionExecutor.Progress.ALWAYS).progressTo(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
      executor.getResult(executor.map((Integer x) -> {
        Thread.sleep(100);
        return x;
      }, IntStream.range(0, 10).boxed().toList()));
    }
    String out = err.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("\r[", "] 10/10 tasks").endsWith("\n");
  }

  @Test
  void pendingCallsCanBeCancelled() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    try (FunctionExecutor executor = FunctionExecutor.localhost(1)) {
      List<ResponseFuture<Integer>> futures = executor.map((Integer x) -> {
        release.await();
        return x;
      }, List.of(1, 2));
      assertThat(futures.get(1).cancel()).isTrue();
      assertThat(futures.get(1).state()).isEqualTo(CallState.CANCELLED);
      release.countDown();
      assertThat(futures.get(0).result()).isEqualTo(1);
    }
  }

  @Test
  void unknownBackendIsAClearError() {
    assertThatThrownBy(() -> FunctionExecutor.builder().backend("cloud9").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown backend 'cloud9' (known: localhost)");
  }
}
