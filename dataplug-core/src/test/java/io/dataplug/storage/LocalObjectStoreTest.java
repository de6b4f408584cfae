package io.dataplug.storage;

import io.dataplug.storage.local.LocalObjectStore;
import io.dataplug.testing.AbstractObjectStoreContractTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.io.TempDir;

class LocalObjectStoreTest extends AbstractObjectStoreContractTest {
  @TempDir Path dir;
  private final LocalObjectStore store = new LocalObjectStore();

  @Override
  protected ObjectLocation stage(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    boolean existed = Files.exists(file);
    Files.write(file, bytes);
    if (existed) {
      // a rewrite within the same clock tick must still look different
      Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    }
    return ObjectLocation.ofPath(file);
  }

  @Override
  protected ObjectLocation missing() {
    return ObjectLocation.ofPath(dir.resolve("nope.bin"));
  }

  @Override
  protected ObjectStore store() {
    return store;
  }
}
