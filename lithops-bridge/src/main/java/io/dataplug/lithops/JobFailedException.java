package io.dataplug.lithops;

import java.util.List;

/** Some tasks of a job failed: lists every failed task with its cause. */
public class JobFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient List<TaskFailedException> failures;

  public JobFailedException(int tasks, List<TaskFailedException> failures) {
    super(
        failures.size()
            + " of "
            + tasks
            + " tasks failed:\n  "
            + String.join("\n  ", failures.stream().map(Throwable::getMessage).toList()),
        failures.get(0));
    this.failures = List.copyOf(failures);
    failures.stream().skip(1).forEach(this::addSuppressed);
  }

  public List<TaskFailedException> failures() {
    return failures;
  }
}
