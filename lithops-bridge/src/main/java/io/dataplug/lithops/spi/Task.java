package io.dataplug.lithops.spi;

import io.dataplug.lithops.TaskFunction;

/**
 * One call handed to a backend. In-JVM backends call {@link #runHere()} on a worker thread; remote
 * backends ship {@link #function()} and {@link #input()} and report back with {@link #runHere()} on
 * a stand-in or through the future (see the executor's documentation).
 */
public interface Task {
  /** Position in the job. */
  int index();

  /** The function to apply (serializable). */
  TaskFunction<Object, Object> function();

  /** The input (a slice, or any serializable value). */
  Object input();

  /** Runs the function in this JVM and records the result, failure and stats. */
  void runHere();
}
