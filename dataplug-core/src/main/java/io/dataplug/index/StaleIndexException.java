package io.dataplug.index;

import java.io.IOException;

/**
 * The object changed (size or ETag) since its index was built, so the index no longer describes it.
 * Rebuild the index. (An object replaced <em>while slices read it</em> is reported by {@link
 * io.dataplug.storage.ObjectChangedException} instead.)
 */
public final class StaleIndexException extends IOException {
  private static final long serialVersionUID = 1L;

  public StaleIndexException(String message) {
    super(message);
  }
}
