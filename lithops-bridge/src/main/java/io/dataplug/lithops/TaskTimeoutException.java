package io.dataplug.lithops;

import java.time.Duration;

/** A call ran longer than the executor's task timeout. */
public class TaskTimeoutException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskTimeoutException(Duration timeout) {
    super("timed out after " + timeout.toMillis() + " ms");
  }
}
