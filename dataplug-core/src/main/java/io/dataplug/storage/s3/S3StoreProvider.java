package io.dataplug.storage.s3;

import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.ObjectStoreProvider;
import io.dataplug.storage.StoreConfig;
import java.util.Set;

/** Provides the {@code s3} store. */
public final class S3StoreProvider implements ObjectStoreProvider {
  @Override
  public Set<String> schemes() {
    return Set.of("s3");
  }

  @Override
  public ObjectStore newStore(StoreConfig config) {
    return new S3ObjectStore(config);
  }
}
