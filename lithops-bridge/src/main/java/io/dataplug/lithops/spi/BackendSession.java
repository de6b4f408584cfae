package io.dataplug.lithops.spi;

import io.dataplug.job.TaskFunction;

/** A started backend: accepts tasks until closed. Thread-safe. */
public interface BackendSession extends AutoCloseable {
  /**
   * Checks that this backend can run {@code function} and return its results, before the executor
   * submits any call of it; by default every function is accepted. A backend that ships results as
   * JSON, for instance, checks here that the function's result type can be bound.
   *
   * @throws IllegalArgumentException naming the function's class and what stands in the way
   */
  default void check(TaskFunction<?, ?> function) {}

  /** Runs a task; returns at once. */
  void submit(Task task);

  /**
   * The executor gave up on a running task (it timed out): stop it if the backend can (interrupt
   * the thread, replace the worker process). Its outcome, if any arrives later, is ignored.
   */
  default void abandon(Task task) {}

  /** How many tasks run at the same time. */
  int parallelism();

  /** Stops the workers; tasks not started are not run. */
  @Override
  void close();
}
