package io.dataplug.lithops;

import static java.util.Objects.requireNonNull;

import io.dataplug.DataSlice;
import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.ExecutorBackend;
import io.dataplug.lithops.spi.Task;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a function over many inputs in parallel, Lithops-style: {@link #map} submits one call per
 * input and returns futures at once; {@link #getResult} waits for them (with a progress bar on a
 * terminal) and returns the results in input order, or fails listing every failed task.
 *
 * <pre>{@code
 * try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
 *   List<Long> counts = executor.getResult(executor.map(DataSlice::countRecords, slices));
 * }
 * }</pre>
 *
 * <p>The backend (where calls run) is found by name with {@link ServiceLoader}: {@code localhost}
 * (threads in this JVM) ships here. Each call counts the bytes and requests it fetched from object
 * storage into its {@link CallStats}.
 */
public final class FunctionExecutor implements AutoCloseable {
  /** The environment variable naming the default backend. */
  public static final String BACKEND_ENV = "DATAPLUG_BACKEND";

  private final String backendName;
  private final BackendSession session;
  private final Progress progress;
  private final PrintStream progressOut;

  /** When to draw a progress bar while waiting. */
  public enum Progress {
    /** When a terminal is attached. */
    AUTO,
    ALWAYS,
    NEVER
  }

  private FunctionExecutor(Builder b) {
    ExecutorBackend backend = backends().get(b.backend);
    if (backend == null) {
      throw new IllegalArgumentException(
          "Unknown backend '" + b.backend + "' (known: " + String.join(", ", backends().keySet()) + ")");
    }
    this.backendName = b.backend;
    this.session = backend.start(b.workers);
    this.progress = b.progress;
    this.progressOut = b.progressOut;
  }

  /** A builder; the backend defaults to {@code $DATAPLUG_BACKEND} or {@code localhost}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The {@code localhost} backend with {@code workers} threads. */
  public static FunctionExecutor localhost(int workers) {
    return builder().backend("localhost").workers(workers).build();
  }

  /** The backends on the class path, by name. */
  public static Map<String, ExecutorBackend> backends() {
    Map<String, ExecutorBackend> map = new TreeMap<>();
    for (ExecutorBackend b : ServiceLoader.load(ExecutorBackend.class, FunctionExecutor.class.getClassLoader())) {
      ExecutorBackend previous = map.putIfAbsent(b.name(), b);
      if (previous != null) {
        throw new IllegalStateException("Two backends named '" + b.name() + "': "
            + previous.getClass().getName() + " and " + b.getClass().getName());
      }
    }
    return map;
  }

  public String backend() {
    return backendName;
  }

  /** How many calls run at the same time. */
  public int parallelism() {
    return session.parallelism();
  }

  /**
   * Submits one call of {@code function} per input; returns at once.
   *
   * @return one future per input, in input order
   */
  public <T, R> List<ResponseFuture<R>> map(TaskFunction<? super T, R> function, List<? extends T> inputs) {
    requireNonNull(function, "function is null");
    List<ResponseFuture<R>> futures = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      futures.add(submit(function, inputs.get(i), i));
    }
    return futures;
  }

  /** Submits one call; returns at once. */
  public <T, R> ResponseFuture<R> callAsync(TaskFunction<? super T, R> function, T input) {
    return submit(requireNonNull(function, "function is null"), input, 0);
  }

  @SuppressWarnings("unchecked")
  private <T, R> ResponseFuture<R> submit(TaskFunction<? super T, R> function, T input, int index) {
    ResponseFuture<R> future = new ResponseFuture<>(index, describe(input));
    TaskFunction<Object, Object> f = (TaskFunction<Object, Object>) (TaskFunction<?, ?>) function;
    session.submit(new Task() {
      @Override
      public int index() {
        return index;
      }

      @Override
      public TaskFunction<Object, Object> function() {
        return f;
      }

      @Override
      public Object input() {
        return input;
      }

      @Override
      public void runHere() {
        future.run((TaskFunction<Object, R>) (TaskFunction<?, ?>) function, input);
      }
    });
    return future;
  }

  /**
   * Waits for every call and returns the results in order.
   *
   * @throws JobFailedException listing every failed task, if any failed
   */
  public <R> List<R> getResult(List<ResponseFuture<R>> futures) {
    waitAll(futures);
    List<R> results = new ArrayList<>(futures.size());
    List<TaskFailedException> failures = new ArrayList<>();
    for (ResponseFuture<R> f : futures) {
      try {
        results.add(f.result());
      } catch (TaskFailedException e) {
        failures.add(e);
      } catch (CancellationException e) {
        failures.add(new TaskFailedException(f.index(), f.input(), e));
      }
    }
    if (!failures.isEmpty()) {
      throw new JobFailedException(futures.size(), failures);
    }
    return results;
  }

  /** Waits for every call to end (successfully or not), drawing a progress bar if enabled. */
  public void waitAll(List<? extends ResponseFuture<?>> futures) {
    CompletableFuture<?> all =
        CompletableFuture.allOf(futures.stream().map(ResponseFuture::completion).toArray(CompletableFuture[]::new));
    boolean draw = progress == Progress.ALWAYS || (progress == Progress.AUTO && ProgressBar.terminalAttached());
    ProgressBar bar = draw ? new ProgressBar(progressOut, "tasks") : null;
    long start = System.nanoTime();
    while (true) {
      try {
        all.get(100, TimeUnit.MILLISECONDS);
        break;
      } catch (TimeoutException e) {
        if (bar != null && System.nanoTime() - start > 300_000_000L) {
          bar.update(done(futures), futures.size(), bytes(futures));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("Interrupted while waiting for " + futures.size() + " tasks");
      } catch (Exception e) {
        break; // a call failed or was cancelled: getResult reports it
      }
    }
    // allOf completes early when a call fails: wait for the others too.
    for (ResponseFuture<?> f : futures) {
      try {
        f.completion().join();
      } catch (RuntimeException ignored) {
        // reported by getResult
      }
    }
    if (bar != null && bar.drawn()) {
      bar.finish(done(futures), futures.size(), bytes(futures));
    }
  }

  private static long done(List<? extends ResponseFuture<?>> futures) {
    return futures.stream().filter(ResponseFuture::isDone).count();
  }

  private static long bytes(List<? extends ResponseFuture<?>> futures) {
    return futures.stream().mapToLong(f -> f.stats().bytesRead()).sum();
  }

  private static String describe(Object input) {
    String s = input instanceof DataSlice slice ? slice.toString() : String.valueOf(input);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** Stops the backend's workers. */
  @Override
  public void close() {
    session.close();
  }

  /** Builds a {@link FunctionExecutor}. */
  public static final class Builder {
    private String backend = System.getenv().getOrDefault(BACKEND_ENV, "localhost");
    private int workers = Runtime.getRuntime().availableProcessors();
    private Progress progress = Progress.AUTO;
    private PrintStream progressOut = System.err;

    private Builder() {}

    /** The backend by name ({@code localhost}, ...). */
    public Builder backend(String name) {
      this.backend = requireNonNull(name, "name is null");
      return this;
    }

    /** How many calls run at once (default: the number of cores). */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + n);
      }
      this.workers = n;
      return this;
    }

    /** When to draw a progress bar (default: when a terminal is attached). */
    public Builder progress(Progress when) {
      this.progress = requireNonNull(when, "when is null");
      return this;
    }

    /** Where the progress bar goes (default: standard error). */
    public Builder progressTo(PrintStream out) {
      this.progressOut = requireNonNull(out, "out is null");
      return this;
    }

    public FunctionExecutor build() {
      return new FunctionExecutor(this);
    }
  }
}
