package io.dataplug.lithops;

/** Where a call is in its life. */
public enum CallState {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  LOST,
  CANCELLED;

  /** Whether the call has ended, one way or another. */
  public boolean isDone() {
    return this != PENDING && this != RUNNING;
  }
}
