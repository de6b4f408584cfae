package io.dataplug.lithops;

import static java.util.Objects.requireNonNull;

import io.dataplug.job.TaskFunction;
import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.ExecutorBackend;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.IoStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs a function over many inputs in parallel, Lithops-style: {@link #map} submits one call per
 * input and returns futures at once; {@link #getResult} waits for them (with a progress bar on a
 * terminal) and returns the results in input order, or fails listing every failed task; {@link
 * #wait} waits for all, any or a fraction of them; {@link #mapReduce} adds a reducer that may start
 * before the maps are done.
 *
 * <pre>{@code
 * try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
 *   List<Long> counts = executor.getResult(executor.map(Slices::countRecords, slices));
 * }
 * }</pre>
 *
 * <p>Transient failures (I/O errors such as connection resets or truncated bodies, lost workers)
 * are retried with exponential backoff and jitter ({@link RetryPolicy}); a call running longer than
 * the task timeout ends as {@link CallState#TIMED_OUT}. The backend (where calls run) is found by
 * name with {@link ServiceLoader}: {@code localhost} (threads in this JVM) ships here. Each call
 * counts the bytes and requests it fetched from object storage into its {@link CallStats}.
 */
public final class FunctionExecutor implements AutoCloseable {
  /** The environment variable naming the default backend. */
  public static final String BACKEND_ENV = "DATAPLUG_BACKEND";

  private final ExecutorSettings settings;
  private final BackendSession session;
  private final CallRunner calls;

  /** When to draw a progress bar while waiting. */
  public enum Progress {
    /** When a terminal is attached. */
    AUTO,
    ALWAYS,
    NEVER
  }

  private FunctionExecutor(ExecutorSettings settings) {
    ExecutorBackend backend = backends().get(settings.backend());
    if (backend == null) {
      throw new IllegalArgumentException(
          "Unknown backend '"
              + settings.backend()
              + "' (known: "
              + String.join(", ", backends().keySet())
              + ")");
    }
    this.settings = settings;
    this.session = backend.start(settings.workers());
    this.calls = new CallRunner(session, settings.retry(), settings.taskTimeout());
  }

  /**
   * A builder; the backend defaults to {@code $DATAPLUG_BACKEND}, else the {@code backend} of the
   * configuration file ({@code $DATAPLUG_CONFIG} or {@code ~/.dataplug/config.properties}), else
   * {@code localhost}.
   */
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
    for (ExecutorBackend b :
        ServiceLoader.load(ExecutorBackend.class, FunctionExecutor.class.getClassLoader())) {
      ExecutorBackend previous = map.putIfAbsent(b.name(), b);
      if (previous != null) {
        throw new IllegalStateException(
            "Two backends named '"
                + b.name()
                + "': "
                + previous.getClass().getName()
                + " and "
                + b.getClass().getName());
      }
    }
    return map;
  }

  public String backend() {
    return settings.backend();
  }

  /** How many calls run at the same time. */
  public int parallelism() {
    return session.parallelism();
  }

  /**
   * Submits one call of {@code function} per input; returns at once. Data slices are handed to the
   * backend the largest first ({@link #submissionOrder}).
   *
   * @return one future per input, in input order
   * @throws IllegalArgumentException if the backend cannot run {@code function} or return its
   *     results (the {@code aws_lambda} backend, for one, needs a result type it can bind from
   *     JSON); then no call is submitted
   */
  public <T, R> List<ResponseFuture<R>> map(
      TaskFunction<? super T, R> function, List<? extends T> inputs) {
    requireNonNull(function, "function is null");
    session.check(function);
    List<ResponseFuture<R>> futures = new ArrayList<>(inputs.size());
    for (int i : submissionOrder(inputs)) {
      futures.add(calls.submit(function, inputs.get(i), i));
    }
    futures.sort(Comparator.comparingInt(ResponseFuture::index));
    return futures;
  }

  /**
   * The order in which calls over {@code inputs} are handed to the backend: {@link DataSlice}s by
   * the bytes they read, the largest first (ties, and inputs that are not slices, in input order).
   * Started longest first, the calls that start last are short ones, so workers finish close
   * together instead of one idling while another still runs a large slice (as with a grid of tiles
   * of uneven density).
   */
  static List<Integer> submissionOrder(List<?> inputs) {
    List<Integer> order = new ArrayList<>(inputs.size());
    long[] size = new long[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      order.add(i);
      size[i] = inputs.get(i) instanceof DataSlice slice ? slice.length() : 0;
    }
    order.sort(Comparator.comparingLong((Integer i) -> -size[i]));
    return order;
  }

  /**
   * Submits one call; returns at once.
   *
   * @throws IllegalArgumentException if the backend cannot run {@code function} or return its
   *     results (see {@link #map})
   */
  public <T, R> ResponseFuture<R> callAsync(TaskFunction<? super T, R> function, T input) {
    requireNonNull(function, "function is null");
    session.check(function);
    return calls.submit(function, input, 0);
  }

  /**
   * Maps, then reduces: the reducer starts when {@code spawnReducer} (a fraction, 0 to 1) of the
   * maps are done and consumes their results in input order as they arrive. If a map fails, the
   * reduce call fails with a {@link JobFailedException} listing every failed map.
   */
  public <T, R, S> MapReduceJob<R, S> mapReduce(
      TaskFunction<? super T, R> map,
      List<? extends T> inputs,
      ReduceFunction<R, S> reduce,
      double spawnReducer) {
    requireNonNull(reduce, "reduce is null");
    WaitCondition start = WaitCondition.fraction(spawnReducer);
    List<ResponseFuture<R>> maps = map(map, inputs);
    ResponseFuture<S> reducer =
        new ResponseFuture<>(inputs.size(), "reduce of " + inputs.size() + " results");
    CompletableFuture.runAsync(
        () -> {
          wait(maps, start, null);
          if (!reducer.start(1)) {
            return;
          }
          try (IoStats.TaskScope scope = IoStats.beginTask()) {
            S value =
                reduce.reduce(
                    new Iterator<R>() {
                      private int next;

                      @Override
                      public boolean hasNext() {
                        return next < maps.size();
                      }

                      @Override
                      public R next() {
                        if (next >= maps.size()) {
                          throw new NoSuchElementException();
                        }
                        ResponseFuture<R> f = maps.get(next++);
                        f.completion().exceptionally(e -> null).join();
                        if (f.state() != CallState.SUCCEEDED) {
                          throw failures(maps);
                        }
                        return f.result();
                      }
                    });
            reducer.addIo(scope.stats().bytes(), scope.stats().requests(), scope.stats().retries());
            reducer.succeed(value);
          } catch (Throwable t) {
            reducer.end(CallState.FAILED, t);
          }
        });
    return new MapReduceJob<>(maps, reducer);
  }

  /**
   * Waits for every call and returns the results in order.
   *
   * @throws JobFailedException listing every failed task, if any failed
   */
  public <R> List<R> getResult(List<ResponseFuture<R>> futures) {
    waitAll(futures);
    JobFailedException failed = failuresOrNull(futures);
    if (failed != null) {
      throw failed;
    }
    List<R> results = new ArrayList<>(futures.size());
    for (ResponseFuture<R> f : futures) {
      results.add(f.result());
    }
    return results;
  }

  /** Waits for one call and returns its result. */
  public <R> R getResult(ResponseFuture<R> future) {
    return getResult(List.of(future)).get(0);
  }

  private static JobFailedException failures(List<? extends ResponseFuture<?>> futures) {
    JobFailedException e = failuresOrNull(futures);
    return e != null
        ? e
        : new JobFailedException(
            futures.size(),
            List.of(new TaskFailedException(-1, "job", new IllegalStateException("no result"))));
  }

  private static @Nullable JobFailedException failuresOrNull(
      List<? extends ResponseFuture<?>> futures) {
    List<TaskFailedException> failures = new ArrayList<>();
    for (ResponseFuture<?> f : futures) {
      if (f.isDone() && f.state() != CallState.SUCCEEDED) {
        try {
          f.result();
        } catch (TaskFailedException e) {
          failures.add(e);
        } catch (CancellationException e) {
          failures.add(new TaskFailedException(f.index(), f.input(), e));
        }
      }
    }
    return failures.isEmpty() ? null : new JobFailedException(futures.size(), failures);
  }

  /** Waits for every call to end (successfully or not), drawing a progress bar if enabled. */
  public <R> void waitAll(List<ResponseFuture<R>> futures) {
    wait(futures, WaitCondition.ALL, null);
  }

  /**
   * Waits until the condition holds (all, any, or a fraction of the calls are done) or the timeout
   * passes, drawing a progress bar if enabled.
   *
   * @param timeout how long to wait at most, or null for no limit
   */
  public <R> WaitResult<R> wait(
      List<ResponseFuture<R>> futures, WaitCondition when, @Nullable Duration timeout) {
    int needed = when.needed(futures.size());
    AtomicInteger done = new AtomicInteger();
    CompletableFuture<Void> enough = new CompletableFuture<>();
    if (needed == 0) {
      enough.complete(null);
    }
    for (ResponseFuture<R> f : futures) {
      f.completion()
          .whenComplete(
              (v, e) -> {
                if (done.incrementAndGet() >= needed) {
                  enough.complete(null);
                }
              });
    }
    boolean draw =
        settings.progress() == Progress.ALWAYS
            || (settings.progress() == Progress.AUTO && ProgressBar.terminalAttached());
    ProgressBar bar = draw ? new ProgressBar(settings.progressOut(), "tasks") : null;
    long start = System.nanoTime();
    long deadline = timeout == null ? Long.MAX_VALUE : start + timeout.toNanos();
    while (!enough.isDone() && System.nanoTime() < deadline) {
      try {
        enough.get(
            Math.max(1, Math.min(100, (deadline - System.nanoTime()) / 1_000_000)),
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        if (bar != null && System.nanoTime() - start > 300_000_000L) {
          bar.update(done(futures), futures.size(), bytes(futures));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException(
            "Interrupted while waiting for " + futures.size() + " tasks");
      } catch (java.util.concurrent.ExecutionException e) {
        break;
      }
    }
    if (bar != null && bar.drawn()) {
      bar.finish(done(futures), futures.size(), bytes(futures));
    }
    List<ResponseFuture<R>> finished = new ArrayList<>();
    List<ResponseFuture<R>> pending = new ArrayList<>();
    for (ResponseFuture<R> f : futures) {
      (f.isDone() ? finished : pending).add(f);
    }
    return new WaitResult<>(finished, pending);
  }

  private static long done(List<? extends ResponseFuture<?>> futures) {
    return futures.stream().filter(ResponseFuture::isDone).count();
  }

  private static long bytes(List<? extends ResponseFuture<?>> futures) {
    return futures.stream().mapToLong(f -> f.stats().bytesRead()).sum();
  }

  /**
   * Preprocesses an object as a map + reduce on this executor where its format allows it: {@code
   * chunks} chunks are scanned in parallel, then combined into the index (otherwise one pass).
   *
   * @param how whether to rebuild a fresh index and where to report progress
   */
  public io.dataplug.index.Manifest preprocess(
      io.dataplug.CloudObject object, io.dataplug.PreprocessOptions how, int chunks)
      throws java.io.IOException {
    return object.preprocess(
        how.withChunks(
            work -> getResult(map(new io.dataplug.lithops.functions.ScanChunk(), work)), chunks));
  }

  /** Stops the backend's workers. */
  @Override
  public void close() {
    calls.close();
    session.close();
  }

  /** Builds a {@link FunctionExecutor}. */
  public static final class Builder {
    private ExecutorSettings settings = ExecutorSettings.defaults();

    private Builder() {}

    /** The backend by name ({@code localhost}, ...). */
    public Builder backend(String name) {
      settings = settings.withBackend(requireNonNull(name, "name is null"));
      return this;
    }

    /** How many calls run at once (default: the number of cores). */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + n);
      }
      settings = settings.withWorkers(n);
      return this;
    }

    /** When to draw a progress bar (default: when a terminal is attached). */
    public Builder progress(Progress when) {
      settings = settings.withProgress(requireNonNull(when, "when is null"));
      return this;
    }

    /** Where the progress bar goes (default: standard error). */
    public Builder progressTo(PrintStream out) {
      settings = settings.withProgressOut(requireNonNull(out, "out is null"));
      return this;
    }

    /** How transient failures are retried (default: 3 attempts, 100 ms to 5 s backoff). */
    public Builder retries(RetryPolicy policy) {
      settings = settings.withRetry(requireNonNull(policy, "policy is null"));
      return this;
    }

    /** The longest a call may run (default: no limit). */
    public Builder taskTimeout(Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive: " + timeout);
      }
      settings = settings.withTaskTimeout(timeout);
      return this;
    }

    public FunctionExecutor build() {
      return new FunctionExecutor(settings);
    }
  }
}
