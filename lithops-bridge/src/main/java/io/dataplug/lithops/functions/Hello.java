package io.dataplug.lithops.functions;

import io.dataplug.job.TaskFunction;

/** A named function that says where it ran (for {@code dataplug hello} on any backend). */
public final class Hello implements TaskFunction<Object, String> {
  private static final long serialVersionUID = 1L;

  @Override
  public String apply(Object input) {
    return "Hello "
        + System.getProperty("user.name")
        + "! Dataplug is working as expected :) (call "
        + input
        + ", pid "
        + ProcessHandle.current().pid()
        + ", thread "
        + Thread.currentThread().getName()
        + ")";
  }
}
