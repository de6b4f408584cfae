package io.dataplug.storage.http;

import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.ObjectStoreProvider;
import io.dataplug.storage.StoreConfig;
import java.util.Set;

/** Provides the read-only {@code http} and {@code https} store. */
public final class HttpStoreProvider implements ObjectStoreProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("http", "https");
  }

  @Override
  public ObjectStore newStore(StoreConfig config) {
    return new HttpObjectStore(config.maxAttempts());
  }
}
