package io.dataplug.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.storage.s3.S3ObjectStore;
import io.dataplug.testing.S3TestServer;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of the S3 store are quick and say what the server said, against the real S3-compatible
 * server (S3Proxy in-process) and a local endpoint that accepts connections and never answers.
 */
class S3FailuresIT {
  @TempDir Path dir;

  /** Runs {@code body} with this JVM's AWS secret replaced (the chain reads it per client). */
  private static void withSecret(String secret, ThrowingRunnable body) throws Exception {
    String saved = System.getProperty("aws.secretAccessKey");
    System.setProperty("aws.secretAccessKey", secret);
    try {
      body.run();
    } finally {
      System.setProperty("aws.secretAccessKey", saved);
    }
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void anUploadWithAWrongSecretReportsTheServersRefusalAtEverySize() throws Exception {
    String bucket = S3TestServer.newBucket("refused");
    List<String> messages = new ArrayList<>();
    withSecret(
        "wrong-secret",
        () -> {
          try (S3ObjectStore store = new S3ObjectStore(S3TestServer.config())) {
            // 2 KiB is refused before the body matters; 1 MiB and 4 MiB used to end in a broken
            // pipe, as the server answers and closes while the body is still being sent
            for (int size : new int[] {2 << 10, 1 << 20, 4 << 20}) {
              ObjectLocation to = ObjectLocation.of("s3://" + bucket + "/k");
              IOException e =
                  org.junit.jupiter.api.Assertions.assertThrows(
                      IOException.class, () -> store.put(to, new byte[size]));
              messages.add(e.getMessage());
            }
          }
        });
    // the small upload gets the server's own answer; the larger ones must report the same refusal
    assertThat(messages.get(0))
        .startsWith("Access denied to s3://" + bucket + "/k: HTTP 403 SignatureDoesNotMatch");
    assertThat(messages.subList(1, 3))
        .allSatisfy(
            m ->
                assertThat(m)
                    .startsWith("Access denied to s3://" + bucket + "/k: HTTP 403")
                    .doesNotContain("Broken pipe", "Connection reset"));
  }

  @Test
  void anUploadOfAFileToAMissingBucketSaysTheBucketDoesNotExist() throws Exception {
    Path file = dir.resolve("big.bin");
    byte[] data = new byte[3 << 20];
    new Random(1).nextBytes(data);
    Files.write(file, data);
    String bucket = "missing-" + System.nanoTime();
    ObjectLocation to = ObjectLocation.of("s3://" + bucket + "/big.bin");
    try (S3ObjectStore store = new S3ObjectStore(S3TestServer.config())) {
      assertThatThrownBy(() -> store.put(to, file))
          .isInstanceOf(FileNotFoundException.class)
          .hasMessage("Bucket " + bucket + " does not exist: " + to);
      assertThatThrownBy(() -> store.put(to, new byte[2048]))
          .hasMessage("Bucket " + bucket + " does not exist: " + to);
    }
  }

  @Test
  void aReadFromAMissingBucketSaysTheBucketNotTheKey() throws Exception {
    String bucket = "missing-" + System.nanoTime();
    ObjectLocation object = ObjectLocation.of("s3://" + bucket + "/x.txt");
    String existing = S3TestServer.newBucket("present");
    ObjectLocation missingKey = ObjectLocation.of("s3://" + existing + "/x.txt");
    try (S3ObjectStore store = new S3ObjectStore(S3TestServer.config())) {
      assertThatThrownBy(() -> store.metadata(object))
          .isInstanceOf(FileNotFoundException.class)
          .hasMessage("Bucket " + bucket + " does not exist: " + object);
      assertThatThrownBy(() -> store.metadata(missingKey))
          .isInstanceOf(FileNotFoundException.class)
          .hasMessage("Object does not exist: " + missingKey);
    }
  }

  @Test
  void aBucketWithoutAKeyIsNamedAsSuch() throws Exception {
    String bucket = S3TestServer.newBucket("nokey");
    ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/");
    try (S3ObjectStore store = new S3ObjectStore(S3TestServer.config())) {
      assertThatThrownBy(() -> store.metadata(location))
          .hasMessage(
              "Bucket, not an object: s3://"
                  + bucket
                  + "/ (name an object: s3://"
                  + bucket
                  + "/KEY)");
    }
  }

  @Test
  void missingCredentialsAreOneLineSayingWhatToSet() throws Exception {
    String bucket = S3TestServer.newBucket("nocreds");
    String key = System.clearProperty("aws.accessKeyId");
    String secret = System.clearProperty("aws.secretAccessKey");
    try (S3ObjectStore store = new S3ObjectStore(S3TestServer.config())) {
      ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/x");
      assertThatThrownBy(() -> store.metadata(location))
          .hasMessage(
              "No AWS credentials to reach "
                  + location
                  + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a"
                  + " profile in ~/.aws/credentials");
    } finally {
      System.setProperty("aws.accessKeyId", key);
      System.setProperty("aws.secretAccessKey", secret);
    }
  }

  @Test
  void aSilentEndpointFailsWithinTheDefaultTimeoutAndShowsItsRetries() throws Exception {
    try (SilentServer silent = new SilentServer()) {
      StoreConfig config = new StoreConfig(silent.endpoint(), "us-east-1", true, 5);
      assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(30));
      ObjectLocation location = ObjectLocation.of("s3://b/k.txt");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream saved = System.err;
      long start = System.nanoTime();
      Throwable failure;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try (S3ObjectStore store = new S3ObjectStore(config)) {
        failure =
            org.junit.jupiter.api.Assertions.assertThrows(
                IOException.class, () -> store.metadata(location));
      } finally {
        System.setErr(saved);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      assertThat(seconds).as("seconds until the failure").isBetween(25.0, 35.0);
      assertThat(failure)
          .hasMessage(
              "No answer from "
                  + silent.endpoint()
                  + " for s3://b/k.txt within 30 s (the limit is DATAPLUG_S3_TIMEOUT, in seconds)");
      assertThat(silent.connections()).as("attempts").isGreaterThanOrEqualTo(2);
      String log = err.toString(StandardCharsets.UTF_8);
      assertThat(log)
          .contains(
              "retrying HEAD s3://b/k.txt at "
                  + silent.endpoint()
                  + " (attempt 2 of 5, after no answer or a broken connection)");
    }
  }

  @Test
  void theTimeoutDoesNotCutAStreamThatIsReadSlowly() throws Exception {
    String bucket = S3TestServer.newBucket("slow-reader");
    ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/slow.bin");
    byte[] data = new byte[1 << 20];
    new Random(2).nextBytes(data);
    S3TestServer.store().put(location, data);
    StoreConfig config = S3TestServer.config().withTimeout(Duration.ofSeconds(2));
    try (S3ObjectStore store = new S3ObjectStore(config)) {
      ObjectMetadata meta = store.metadata(location);
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      try (InputStream in = store.newStream(location, new ByteRange(0, data.length), meta.etag())) {
        read.write(in.readNBytes(1000));
        Thread.sleep(3000); // longer than the whole timeout
        in.transferTo(read);
      }
      assertThat(read.toByteArray()).isEqualTo(data);
    }
  }

  /** Accepts connections on 127.0.0.1 and never reads or answers. */
  static final class SilentServer implements AutoCloseable {
    private final ServerSocket socket;
    private final List<Socket> accepted = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      acceptor =
          new Thread(
              () -> {
                while (!socket.isClosed()) {
                  try {
                    accepted.add(socket.accept());
                  } catch (IOException e) {
                    return;
                  }
                }
              },
              "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String endpoint() {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }

    int connections() {
      return accepted.size();
    }

    @Override
    public void close() throws IOException {
      socket.close();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }
}
