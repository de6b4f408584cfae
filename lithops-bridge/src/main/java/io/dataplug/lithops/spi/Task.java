package io.dataplug.lithops.spi;

import io.dataplug.job.TaskFunction;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of one call, handed to a backend. In-JVM backends call {@link #runHere()} on a worker
 * thread. Remote backends ship {@link #function()} and {@link #input()}, and report what happened
 * with {@link #started()}, then exactly one of {@link #succeeded}, {@link #failed} or {@link
 * #lost}. The executor decides about retries, so backends never retry on their own.
 */
public interface Task {
  /** Position in the job. */
  int index();

  /** Which attempt this is, from 1. */
  int attempt();

  /** The function to apply (serializable). */
  TaskFunction<Object, Object> function();

  /** The input (a slice, or any serializable value). */
  Object input();

  /** Runs the function on the current thread and reports the outcome. */
  void runHere();

  /** The attempt has started on a worker. */
  void started();

  /**
   * When the attempt ran by the worker's own clock (epoch milliseconds), for backends whose workers
   * start well after the call is handed over (a Lambda cold start): the call's stats and timeline
   * then show these times. Call it before {@link #succeeded} or {@link #failed}.
   */
  default void ranBetween(long startedMillis, long finishedMillis) {}

  /**
   * The attempt returned {@code result}, having fetched {@code bytesRead} bytes in {@code requests}
   * range requests, {@code retries} of which the storage client had to send again.
   */
  void succeeded(@Nullable Object result, long bytesRead, long requests, long retries);

  /** The attempt threw {@code cause} (with what it had fetched until then). */
  void failed(Throwable cause, long bytesRead, long requests, long retries);

  /** The worker running the attempt died or stopped answering. */
  void lost(String why);

  /** Whether the call has ended (cancelled, or timed out), so the backend may skip or stop it. */
  boolean abandoned();
}
