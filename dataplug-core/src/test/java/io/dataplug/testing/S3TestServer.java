package io.dataplug.testing;

import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import io.dataplug.storage.WritableObjectStore;
import io.dataplug.storage.s3.EmbeddedS3Server;
import io.dataplug.storage.s3.S3ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real S3-compatible server the integration tests use: S3Proxy started in-process on a random
 * 127.0.0.1 port, once per JVM, kept in memory. Set {@code -Ddataplug.it.s3.endpoint=URL} to run
 * the same tests against an S3 endpoint that is already running (credentials from the AWS chain).
 */
public final class S3TestServer {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static StoreConfig config;
  private static EmbeddedS3Server server;

  private S3TestServer() {}

  /** The configuration that reaches the server; starts it on first use. */
  public static synchronized StoreConfig config() {
    if (config == null) {
      String external = System.getProperty("dataplug.it.s3.endpoint");
      if (external != null && !external.isBlank()) {
        config = new StoreConfig(external, "us-east-1", true, 3);
      } else {
        try {
          server = EmbeddedS3Server.start(null, 0, false);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        EmbeddedS3Server.useServerCredentials();
        config = server.storeConfig();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.close();
                      } catch (IOException ignored) {
                        // the JVM is exiting
                      }
                    }));
      }
    }
    return config;
  }

  /** The port of the embedded server (for tests that put a proxy in front of it). */
  public static synchronized int port() {
    config();
    return java.net.URI.create(config.endpoint()).getPort();
  }

  /** Creates a fresh bucket named after {@code prefix}. */
  public static String newBucket(String prefix) {
    String name =
        (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-")
            + "-"
            + BUCKETS.incrementAndGet());
    if (name.length() > 60) {
      name = name.substring(name.length() - 60);
    }
    name = name.replaceAll("^-+", "b");
    StoreConfig c = config();
    S3ObjectStore store =
        (S3ObjectStore) ObjectStores.shared(ObjectLocation.of("s3://" + name + "/x"), c);
    try {
      store.createBucket(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return name;
  }

  /** The shared store for the server. */
  public static WritableObjectStore store() {
    return (WritableObjectStore) ObjectStores.shared(ObjectLocation.of("s3://any/x"), config());
  }
}
