package io.dataplug.lithops;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * One call of a job: its state, its result or failure, and its stats. Like a Lithops
 * ResponseFuture. Thread-safe.
 *
 * <p>It is a {@link Future} ({@link #get()} throws an {@link ExecutionException} whose cause is the
 * {@link TaskFailedException}) and a {@link CompletionStage}: {@code thenApply}, {@code
 * whenComplete} and the rest run when the call ends; {@code handle}, {@code whenComplete} and
 * {@code exceptionally} see a failed call's {@link TaskFailedException}, and stages that depend on
 * it complete with a {@link java.util.concurrent.CompletionException} around it. {@link
 * #toCompletableFuture()} gives a copy, so completing it does not end the call.
 *
 * @param <R> the result type
 */
public final class ResponseFuture<R> extends DelegatingStage<R> implements Future<R> {
  private final int index;
  private final String input;
  private final CompletableFuture<R> result = new CompletableFuture<>();
  private final long submitted = System.currentTimeMillis();
  private final AtomicReference<CallState> state = new AtomicReference<>(CallState.PENDING);
  private volatile long started = -1;
  private volatile long finished = -1;
  private volatile long reportedFinish = -1;
  private volatile long bytesRead;
  private volatile long requests;
  private volatile long storageRetries;
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
    return currentState();
  }

  @Override
  public boolean isDone() {
    return currentState().isDone();
  }

  /**
   * Submit, start and end times, bytes and requests over all attempts, and the number of attempts.
   */
  public CallStats stats() {
    return new CallStats(
        submitted, started, finished, bytesRead, requests, storageRetries, attempts);
  }

  /**
   * Waits for the result.
   *
   * @throws TaskFailedException if the call failed, timed out or was lost (names the task and
   *     input)
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

  /**
   * Waits for the result, as a {@link Future}.
   *
   * @throws ExecutionException if the call failed, timed out or was lost (its cause is the {@link
   *     TaskFailedException})
   */
  @Override
  public R get() throws InterruptedException, ExecutionException {
    return result.get();
  }

  @Override
  public R get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return result.get(timeout, unit);
  }

  /** Cancels the call if it has not started; a running call is never interrupted. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return cancel();
  }

  @Override
  public boolean isCancelled() {
    return currentState() == CallState.CANCELLED;
  }

  /** Cancels the call if it has not started (or is waiting for a retry). */
  public boolean cancel() {
    if (state.compareAndSet(CallState.PENDING, CallState.CANCELLED)) {
      finished = System.currentTimeMillis();
      result.cancel(false);
      return true;
    }
    return false;
  }

  CompletableFuture<R> completion() {
    return result;
  }

  @Override
  CompletableFuture<R> stage() {
    return result;
  }

  private CallState currentState() {
    return java.util.Objects.requireNonNull(state.get());
  }

  private TaskFailedException failure(@Nullable Throwable cause) {
    if (cause == null) {
      return new TaskFailedException(
          index, input, new IllegalStateException("failed without a cause"));
    }
    return cause instanceof TaskFailedException t
        ? t
        : new TaskFailedException(index, input, cause);
  }

  // ---- transitions, driven by the executor ----

  /** PENDING -> RUNNING for {@code attempt}; false if the call has ended (cancelled). */
  boolean start(int attempt) {
    if (!state.compareAndSet(CallState.PENDING, CallState.RUNNING)) {
      return false;
    }
    attempts = attempt;
    started = System.currentTimeMillis();
    reportedFinish = -1;
    return true;
  }

  /** The worker's own times for the running attempt (see {@code Task.ranBetween}). */
  void ranBetween(long startedMillis, long finishedMillis) {
    if (startedMillis > 0 && finishedMillis >= startedMillis) {
      started = startedMillis;
      reportedFinish = finishedMillis;
    }
  }

  private long finishTime() {
    return reportedFinish > 0 ? reportedFinish : System.currentTimeMillis();
  }

  void addIo(long bytes, long count, long retries) {
    bytesRead += bytes;
    requests += count;
    storageRetries += retries;
  }

  /** RUNNING -> PENDING, waiting for another attempt. */
  boolean retry() {
    return state.compareAndSet(CallState.RUNNING, CallState.PENDING);
  }

  @SuppressWarnings("unchecked")
  boolean succeed(@Nullable Object value) {
    if (!state.compareAndSet(CallState.RUNNING, CallState.SUCCEEDED)) {
      return false;
    }
    finished = finishTime();
    result.complete((R) value);
    return true;
  }

  /** Ends the call as FAILED, TIMED_OUT or LOST (from RUNNING or PENDING). */
  boolean end(CallState terminal, Throwable cause) {
    CallState s = currentState();
    while (!s.isDone()) {
      if (state.compareAndSet(s, terminal)) {
        finished = terminal == CallState.FAILED ? finishTime() : System.currentTimeMillis();
        result.completeExceptionally(new TaskFailedException(index, input, cause));
        return true;
      }
      s = currentState();
    }
    return false;
  }
}
