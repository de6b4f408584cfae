package io.dataplug.storage;

import java.util.Set;

/**
 * Makes stores for some location schemes; found with {@link java.util.ServiceLoader}. Register an
 * implementation in {@code META-INF/services/io.dataplug.storage.ObjectStoreProvider}.
 */
public interface ObjectStoreProvider {
  /** The schemes served, lowercase: {@code s3}, {@code file}, {@code http}. */
  Set<String> schemes();

  /** A new store for {@code config}. */
  ObjectStore newStore(StoreConfig config);
}
