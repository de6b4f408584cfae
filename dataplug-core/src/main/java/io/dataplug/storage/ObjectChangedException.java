package io.dataplug.storage;

import java.io.IOException;

/**
 * The object is not the one an index or slice was made for: its ETag or size has changed since.
 * Re-preprocess to rebuild the index.
 */
public class ObjectChangedException extends IOException {
  private static final long serialVersionUID = 1L;

  public ObjectChangedException(String message) {
    super(message);
  }
}
