package io.dataplug.lithops;

import io.dataplug.job.TaskFunction;
import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.Task;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.IoStats;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Takes each call of a {@link FunctionExecutor} through its attempts on a backend session: an
 * attempt's outcome is taken once; transient failures are retried after a backoff ({@link
 * RetryPolicy}); an attempt running past the task timeout ends the call as {@link
 * CallState#TIMED_OUT} and is abandoned; a lost worker ends it as {@link CallState#LOST} unless it
 * is retried. Owns the timer thread for backoffs and timeouts.
 */
final class CallRunner implements AutoCloseable {
  private final BackendSession session;
  private final RetryPolicy retry;
  private final @Nullable Duration taskTimeout;
  private final ScheduledThreadPoolExecutor scheduler;

  CallRunner(BackendSession session, RetryPolicy retry, @Nullable Duration taskTimeout) {
    this.session = session;
    this.retry = retry;
    this.taskTimeout = taskTimeout;
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "dataplug-executor-timer");
              t.setDaemon(true);
              return t;
            });
    this.scheduler.setRemoveOnCancelPolicy(true);
  }

  /** Hands the first attempt of a call to the session; returns the call's future at once. */
  @SuppressWarnings("unchecked")
  <T, R> ResponseFuture<R> submit(TaskFunction<? super T, R> function, T input, int index) {
    ResponseFuture<R> future = new ResponseFuture<>(index, describe(input));
    Call call =
        new Call(
            (ResponseFuture<Object>) future,
            (TaskFunction<Object, Object>) (TaskFunction<?, ?>) function,
            input,
            index);
    session.submit(call);
    return future;
  }

  private static String describe(Object input) {
    String s = input instanceof DataSlice slice ? slice.toString() : String.valueOf(input);
    return s.length() > 200 ? s.substring(0, 200) + "..." : s;
  }

  /** Stops the timer: backoffs and timeouts not yet due never happen. */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** One call: the task handed to the backend, attempt after attempt. */
  private final class Call implements Task {
    private final ResponseFuture<Object> future;
    private final TaskFunction<Object, Object> function;
    private final Object input;
    private final int index;
    private volatile int attempt = 1;
    private int reported; // last attempt whose outcome was taken
    private volatile @Nullable Thread thread;
    private volatile @Nullable ScheduledFuture<?> watchdog;

    Call(
        ResponseFuture<Object> future,
        TaskFunction<Object, Object> function,
        Object input,
        int index) {
      this.future = future;
      this.function = function;
      this.input = input;
      this.index = index;
    }

    @Override
    public int index() {
      return index;
    }

    @Override
    public int attempt() {
      return attempt;
    }

    @Override
    public TaskFunction<Object, Object> function() {
      return function;
    }

    @Override
    public Object input() {
      return input;
    }

    @Override
    public boolean abandoned() {
      return future.isDone();
    }

    @Override
    public void runHere() {
      int mine = attempt;
      if (!begin(mine)) {
        return;
      }
      thread = Thread.currentThread();
      try (IoStats.TaskScope scope = IoStats.beginTask()) {
        Object value;
        try {
          value = function.apply(input);
        } catch (Throwable t) {
          outcome(mine, null, t, scope.stats(), false);
          return;
        }
        outcome(mine, value, null, scope.stats(), false);
      } finally {
        thread = null;
        Thread.interrupted(); // a timeout may have interrupted this worker thread
      }
    }

    @Override
    public void started() {
      begin(attempt);
    }

    private boolean begin(int mine) {
      if (!future.start(mine)) {
        return false;
      }
      if (taskTimeout != null) {
        watchdog =
            scheduler.schedule(() -> timeout(mine), taskTimeout.toMillis(), TimeUnit.MILLISECONDS);
      }
      return true;
    }

    @Override
    public void ranBetween(long startedMillis, long finishedMillis) {
      future.ranBetween(startedMillis, finishedMillis);
    }

    @Override
    public void succeeded(@Nullable Object result, long bytesRead, long requests, long retries) {
      outcome(attempt, result, null, bytesRead, requests, retries, false);
    }

    @Override
    public void failed(Throwable cause, long bytesRead, long requests, long retries) {
      outcome(attempt, null, cause, bytesRead, requests, retries, false);
    }

    @Override
    public void lost(String why) {
      outcome(attempt, null, new WorkerLostException(why), 0, 0, 0, true);
    }

    private void outcome(
        int mine, @Nullable Object value, @Nullable Throwable error, IoStats io, boolean lost) {
      outcome(mine, value, error, io.bytes(), io.requests(), io.retries(), lost);
    }

    /** Takes the outcome of attempt {@code mine} once; retries transient failures. */
    private void outcome(
        int mine,
        @Nullable Object value,
        @Nullable Throwable error,
        long bytes,
        long requests,
        long retries,
        boolean lost) {
      synchronized (this) {
        if (reported >= mine) {
          return; // timed out already, or reported twice
        }
        reported = mine;
      }
      ScheduledFuture<?> w = watchdog;
      if (w != null) {
        w.cancel(false);
      }
      future.addIo(bytes, requests, retries);
      if (error == null) {
        future.succeed(value);
      } else if (mine < retry.maxAttempts() && retry.isTransient(error) && future.retry()) {
        attempt = mine + 1;
        scheduler.schedule(
            () -> session.submit(this), retry.backoff(mine).toMillis(), TimeUnit.MILLISECONDS);
      } else {
        future.end(lost ? CallState.LOST : CallState.FAILED, error);
      }
    }

    private void timeout(int mine) {
      synchronized (this) {
        if (reported >= mine) {
          return;
        }
        reported = mine;
      }
      Duration limit = taskTimeout;
      if (limit != null && future.end(CallState.TIMED_OUT, new TaskTimeoutException(limit))) {
        Thread t = thread;
        if (t != null) {
          t.interrupt();
        }
        session.abandon(this);
      }
    }
  }
}
