package io.dataplug.storage.local;

import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.ObjectStoreProvider;
import io.dataplug.storage.StoreConfig;
import java.util.Set;

/** Provides the {@code file} store. */
public final class LocalStoreProvider implements ObjectStoreProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("file");
  }

  @Override
  public ObjectStore newStore(StoreConfig config) {
    return new LocalObjectStore();
  }
}
