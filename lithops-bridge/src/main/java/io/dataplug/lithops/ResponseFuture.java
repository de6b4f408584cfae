package io.dataplug.lithops;

import io.dataplug.storage.IoStats;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One call of a job: its state, its result or failure, and its stats. Like a Lithops
 * ResponseFuture. Thread-safe.
 *
 * @param <R> the result type
 */
public final class ResponseFuture<R> {
  private final int index;
  private final String input;
  private final CompletableFuture<R> result = new CompletableFuture<>();
  private final long submitted = System.currentTimeMillis();
  private final AtomicReference<CallState> state = new AtomicReference<>(CallState.PENDING);
  private volatile long started = -1;
  private volatile long finished = -1;
  private volatile long bytesRead;
  private volatile long requests;
  private volatile int attempts;

  ResponseFuture(int index, String input) {
    this.index = index;
    this.input = input;
  }

  /** The position of this call in its job. */
  public int index() {
    return index;
  }

  /** A short description of the input, for messages. */
  public String input() {
    return input;
  }

  public CallState state() {
    return state.get();
  }

  public boolean isDone() {
    return state.get().isDone();
  }

  public CallStats stats() {
    return new CallStats(submitted, started, finished, bytesRead, requests, attempts);
  }

  /**
   * Waits for the result.
   *
   * @throws TaskFailedException if the call failed (names the task and input)
   * @throws CancellationException if the call was cancelled
   */
  public R result() {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("Interrupted while waiting for task " + index);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /** Waits at most {@code timeout} for the result. */
  public R result(long timeout, TimeUnit unit) throws TimeoutException {
    try {
      return result.get(timeout, unit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("Interrupted while waiting for task " + index);
    } catch (ExecutionException e) {
      throw failure(e.getCause());
    }
  }

  /** Cancels the call if it has not started. */
  public boolean cancel() {
    if (state.compareAndSet(CallState.PENDING, CallState.CANCELLED)) {
      result.cancel(false);
      finished = System.currentTimeMillis();
      return true;
    }
    return false;
  }

  CompletableFuture<R> completion() {
    return result;
  }

  private TaskFailedException failure(Throwable cause) {
    return cause instanceof TaskFailedException t ? t : new TaskFailedException(index, input, cause);
  }

  /** Runs the call on the current thread, recording its state and stats. Used by backends. */
  void run(TaskFunction<Object, R> function, Object argument) {
    if (!state.compareAndSet(CallState.PENDING, CallState.RUNNING)) {
      return;
    }
    attempts++;
    started = System.currentTimeMillis();
    try (IoStats.TaskScope scope = IoStats.beginTask()) {
      R value;
      try {
        value = function.apply(argument);
      } catch (Throwable t) {
        record(scope);
        state.set(CallState.FAILED);
        result.completeExceptionally(new TaskFailedException(index, input, t));
        return;
      }
      record(scope);
      state.set(CallState.SUCCEEDED);
      result.complete(value);
    }
  }

  private void record(IoStats.TaskScope scope) {
    bytesRead = scope.stats().bytes();
    requests = scope.stats().requests();
    finished = System.currentTimeMillis();
  }
}
