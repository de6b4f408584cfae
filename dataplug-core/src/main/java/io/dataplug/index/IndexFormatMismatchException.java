package io.dataplug.index;

import java.io.IOException;

/**
 * The index was built for another format than the one asked for, or by a version of the format
 * whose index layout this one does not read. The object itself is unchanged.
 */
public final class IndexFormatMismatchException extends IOException {
  private static final long serialVersionUID = 1L;

  public IndexFormatMismatchException(String message) {
    super(message);
  }
}
