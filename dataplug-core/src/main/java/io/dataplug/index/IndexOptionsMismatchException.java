package io.dataplug.index;

import java.io.IOException;

/**
 * The index was built with a format option whose value differs from the one asked for, and the
 * option shapes the index (options given with their default value do not count). The message names
 * the option, both values, and how to rebuild.
 */
public final class IndexOptionsMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String option;

  public IndexOptionsMismatchException(String option, String message) {
    super(message);
    this.option = option;
  }

  /** The name of the (first) option that differs. */
  public String option() {
    return option;
  }
}
