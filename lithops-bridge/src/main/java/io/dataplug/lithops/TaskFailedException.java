package io.dataplug.lithops;

/** One task of a job failed; names the task and its input (e.g. the slice and its location). */
public class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int taskIndex;

  public TaskFailedException(int taskIndex, String input, Throwable cause) {
    super("Task " + taskIndex + " (" + input + ") failed: " + cause, cause);
    this.taskIndex = taskIndex;
  }

  public int taskIndex() {
    return taskIndex;
  }
}
