package io.dataplug.testing;

import io.dataplug.CloudObject;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a test stages objects: a local folder or a bucket of the S3 test server. Contract suites
 * run once per place.
 */
public interface ObjectPlace {
  /** Writes {@code data} as an object named {@code name} and returns its location. */
  ObjectLocation stage(String name, byte[] data) throws IOException;

  /** How to reach the place's store. */
  StoreConfig storeConfig();

  /** A builder for an object staged here. */
  default CloudObject.Builder object(String name, byte[] data) throws IOException {
    return CloudObject.builder(stage(name, data)).storeConfig(storeConfig());
  }

  /** Copies a local file (e.g. a shared fixture) here. */
  default ObjectLocation stage(String name, Path file) throws IOException {
    return stage(name, Files.readAllBytes(file));
  }

  /** A folder on the local disk. */
  static ObjectPlace local(Path dir) {
    return new ObjectPlace() {
      @Override
      public ObjectLocation stage(String name, byte[] data) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, data);
        return ObjectLocation.ofPath(file);
      }

      @Override
      public StoreConfig storeConfig() {
        return StoreConfig.defaults();
      }

      @Override
      public String toString() {
        return "local";
      }
    };
  }

  /** A fresh bucket on the S3 test server. */
  static ObjectPlace s3(String bucketPrefix) {
    String bucket = S3TestServer.newBucket(bucketPrefix);
    StoreConfig config = S3TestServer.config();
    return new ObjectPlace() {
      @Override
      public ObjectLocation stage(String name, byte[] data) throws IOException {
        ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/" + name);
        ObjectStores.writable(location, config).put(location, data);
        return location;
      }

      @Override
      public StoreConfig storeConfig() {
        return config;
      }

      @Override
      public String toString() {
        return "s3";
      }
    };
  }
}
