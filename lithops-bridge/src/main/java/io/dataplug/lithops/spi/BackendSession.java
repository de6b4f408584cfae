package io.dataplug.lithops.spi;

/** A started backend: accepts tasks until closed. Thread-safe. */
public interface BackendSession extends AutoCloseable {
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
