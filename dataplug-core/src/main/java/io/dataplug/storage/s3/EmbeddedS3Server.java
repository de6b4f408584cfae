package io.dataplug.storage.s3;

import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3-compatible server in this JVM on 127.0.0.1 (S3Proxy): for the demo, the {@code
 * s3-server} command and tests. Requests are signed with SigV4 and checked against {@link
 * #ACCESS_KEY}/{@link #SECRET_KEY}, or not checked at all in anonymous mode (then objects are also
 * plain HTTP resources at {@code endpoint/bucket/key}).
 *
 * <p>Needs {@code org.gaul:s3proxy} on the class path (an optional dependency of core).
 */
public final class EmbeddedS3Server implements AutoCloseable {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "dataplug";

  /** The secret key the server accepts (a local test secret, not a real one). */
  public static final String SECRET_KEY = "dataplug-local-secret";

  private final S3Proxy proxy;
  private final String endpoint;

  private EmbeddedS3Server(S3Proxy proxy) {
    this.proxy = proxy;
    this.endpoint = "http://127.0.0.1:" + proxy.getPort();
  }

  /**
   * Starts a server.
   *
   * @param dir where objects are kept (one folder per bucket), or null to keep them in memory
   * @param port the port, or 0 for a free one
   * @param anonymous accept unsigned requests
   */
  public static EmbeddedS3Server start(Path dir, int port, boolean anonymous) throws IOException {
    Properties props = new Properties();
    BlobStore store;
    if (dir != null) {
      Files.createDirectories(dir);
      props.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
      store = BlobStores.create("filesystem-nio2", props);
    } else {
      store = BlobStores.create("transient-nio2", props);
    }
    S3Proxy.Builder builder =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .ignoreUnknownHeaders(true);
    builder =
        anonymous
            ? builder.awsAuthentication(AuthenticationType.NONE, null, null)
            : builder.awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY);
    S3Proxy proxy = builder.build();
    try {
      proxy.start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (!"STARTED".equals(proxy.getState())) {
        if (System.nanoTime() > deadline) {
          throw new IOException("The embedded S3 server did not start within 30 s");
        }
        Thread.sleep(10);
      }
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("Cannot start the embedded S3 server on port " + port + ": " + e, e);
    }
    return new EmbeddedS3Server(proxy);
  }

  /**
   * Makes this JVM's AWS credential chain return the server's keys (through the standard {@code
   * aws.accessKeyId}/{@code aws.secretAccessKey} system properties).
   */
  public static void useServerCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  /** The endpoint, {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return endpoint;
  }

  public int port() {
    return proxy.getPort();
  }

  /** A store configuration that reaches this server (path-style, us-east-1). */
  public StoreConfig storeConfig() {
    return new StoreConfig(endpoint, "us-east-1", true, 3);
  }

  /** Creates a bucket (no error if it exists). Uses the server's credentials. */
  public void createBucket(String bucket) throws IOException {
    useServerCredentials();
    try (S3ObjectStore store = new S3ObjectStore(storeConfig())) {
      store.createBucket(bucket);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IOException("Cannot stop the embedded S3 server: " + e, e);
    }
  }
}
