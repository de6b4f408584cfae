package io.dataplug.lithops;

/** The worker running a call died or stopped answering. */
public class WorkerLostException extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  public WorkerLostException(String why) {
    super("worker lost: " + why);
  }
}
