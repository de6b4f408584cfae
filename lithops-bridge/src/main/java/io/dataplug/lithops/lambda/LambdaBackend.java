package io.dataplug.lithops.lambda;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.ExecutorBackend;
import io.dataplug.lithops.spi.Task;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * AWS Lambda as the backend ({@code aws_lambda}), the way Lithops uses it: each call is one
 * asynchronous invocation of a function running {@link LambdaHandler} (code: the shaded jar) with
 * the input as JSON and the function's class name; the handler writes the call's status to object
 * storage, which this session polls. Functions must be named classes with a public no-argument
 * constructor (lambdas cannot be shipped by name). Settings, as system properties or environment
 * variables:
 *
 * <ul>
 *   <li>{@code dataplug.lambda.jobs} / {@code DATAPLUG_LAMBDA_JOBS}: where status objects go, e.g.
 *       {@code s3://bucket/dataplug-jobs} (required)
 *   <li>{@code dataplug.lambda.function} / {@code DATAPLUG_LAMBDA_FUNCTION}: the function name
 *       (default {@code dataplug})
 *   <li>{@code dataplug.lambda.endpoint}: the Lambda API endpoint (default: AWS, or {@code
 *       AWS_ENDPOINT_URL})
 *   <li>{@code dataplug.lambda.store.endpoint}: the S3 endpoint for status objects (default: the
 *       environment's)
 *   <li>{@code dataplug.lambda.invoker}: {@code aws} (default) or {@code local}, which runs the
 *       same handler in this JVM (for trying a job without AWS)
 * </ul>
 */
public final class LambdaBackend implements ExecutorBackend {
  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

  @Override
  public String name() {
    return "aws_lambda";
  }

  @Override
  public String description() {
    return "AWS Lambda: one invocation per call, status through object storage (needs dataplug.lambda.jobs)";
  }

  private static String setting(String property, String env, String fallback) {
    String v = System.getProperty(property, System.getenv(env));
    return v == null || v.isBlank() ? fallback : v;
  }

  @Override
  public BackendSession start(int workers) {
    String jobs = setting("dataplug.lambda.jobs", "DATAPLUG_LAMBDA_JOBS", null);
    if (jobs == null) {
      throw new IllegalStateException("The aws_lambda backend needs a place for job status: set dataplug.lambda.jobs "
          + "(or DATAPLUG_LAMBDA_JOBS) to e.g. s3://my-bucket/dataplug-jobs");
    }
    StoreConfig store = StoreConfig.fromEnvironment();
    String storeEndpoint = setting("dataplug.lambda.store.endpoint", "DATAPLUG_LAMBDA_STORE_ENDPOINT", null);
    if (storeEndpoint != null) {
      store = store.withEndpoint(storeEndpoint);
    }
    Invoker invoker;
    if ("local".equals(setting("dataplug.lambda.invoker", "DATAPLUG_LAMBDA_INVOKER", "aws"))) {
      invoker = new LocalInvoker(workers);
    } else {
      invoker = new AwsInvoker(setting("dataplug.lambda.function", "DATAPLUG_LAMBDA_FUNCTION", "dataplug"),
          setting("dataplug.lambda.endpoint", "AWS_ENDPOINT_URL", null), store.region());
    }
    return new Session(ObjectLocation.of(jobs).child(UUID.randomUUID().toString()), store, invoker, workers);
  }

  /** Sends one request to a function. */
  interface Invoker extends AutoCloseable {
    void invoke(byte[] payload) throws IOException;

    @Override
    void close();
  }

  /**
   * Asynchronous invocations through Lambda's Invoke API ({@code POST
   * /2015-03-31/functions/NAME/invocations}, {@code X-Amz-Invocation-Type: Event}), signed with
   * SigV4 by the AWS SDK's signer and the default credential chain.
   */
  static final class AwsInvoker implements Invoker {
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    private final software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner signer =
        software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create();
    private final software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider credentials =
        software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider.builder().build();
    private final String function;
    private final String endpoint;
    private final String region;

    AwsInvoker(String function, String endpoint, String region) {
      this.function = function;
      this.region = region != null ? region : "us-east-1";
      this.endpoint = endpoint != null ? endpoint.replaceAll("/+$", "") : "https://lambda." + this.region + ".amazonaws.com";
    }

    @Override
    public void invoke(byte[] payload) throws IOException {
      URI uri = URI.create(endpoint + "/2015-03-31/functions/" + function + "/invocations");
      var request = software.amazon.awssdk.http.SdkHttpRequest.builder()
          .method(software.amazon.awssdk.http.SdkHttpMethod.POST).uri(uri)
          .putHeader("X-Amz-Invocation-Type", "Event").putHeader("Content-Type", "application/json").build();
      var signed = signer.sign(r -> r.identity(credentials.resolveIdentity().join()).request(request)
          .payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(payload))
          .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
          .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, region));
      var builder = java.net.http.HttpRequest.newBuilder(uri).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(payload));
      signed.request().forEachHeader((name, values) -> {
        if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
          values.forEach(v -> builder.header(name, v));
        }
      });
      java.net.http.HttpResponse<String> response;
      try {
        response = http.send(builder.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("Interrupted invoking " + function);
      }
      if (response.statusCode() / 100 != 2) {
        throw new IOException("Cannot invoke Lambda function " + function + ": HTTP " + response.statusCode() + " " + response.body());
      }
    }

    @Override
    public void close() {
      // nothing to release
    }
  }

  /** Runs the handler in this JVM, as Lambda would run it, on a pool of threads. */
  static final class LocalInvoker implements Invoker {
    private final ExecutorService pool;

    LocalInvoker(int workers) {
      this.pool = Executors.newFixedThreadPool(workers, r -> {
        Thread t = new Thread(r, "dataplug-lambda-local");
        t.setDaemon(true);
        return t;
      });
    }

    @Override
    public void invoke(byte[] payload) {
      pool.execute(() -> {
        try {
          new LambdaHandler().handleRequest(new java.io.ByteArrayInputStream(payload), new ByteArrayOutputStream(), null);
        } catch (IOException e) {
          // the status never appears; the session reports the call lost
        }
      });
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  private static final class Session implements BackendSession {
    private final ObjectLocation job;
    private final StoreConfig store;
    private final Invoker invoker;
    private final int parallelism;
    private final Map<Task, Long> outstanding = new ConcurrentHashMap<>();
    private final long lostAfter = Long.getLong("dataplug.lambda.lostAfterMs", 16 * 60_000L);
    private final Thread poller;
    private volatile boolean closed;

    Session(ObjectLocation job, StoreConfig store, Invoker invoker, int parallelism) {
      this.job = job;
      this.store = store;
      this.invoker = invoker;
      this.parallelism = parallelism;
      this.poller = new Thread(this::poll, "dataplug-lambda-poller");
      poller.setDaemon(true);
      poller.start();
    }

    @Override
    public void submit(Task task) {
      Class<?> fn = task.function().getClass();
      if (fn.isSynthetic() || fn.getName().contains("$$Lambda")) {
        task.failed(new IllegalArgumentException("The aws_lambda backend ships functions by class name: use a named "
            + "TaskFunction class with a public no-argument constructor, not a lambda or method reference"), 0, 0, 0);
        return;
      }
      try {
        byte[] payload = LambdaHandler.request(job.toString(), task.index(), task.attempt(), fn.getName(), task.input(), store);
        outstanding.put(task, System.currentTimeMillis());
        task.started();
        invoker.invoke(payload);
      } catch (IOException e) {
        outstanding.remove(task);
        task.failed(e, 0, 0, 0);
      }
    }

    private void poll() {
      while (!closed) {
        for (Map.Entry<Task, Long> e : outstanding.entrySet()) {
          Task task = e.getKey();
          if (task.abandoned()) {
            outstanding.remove(task);
            continue;
          }
          ObjectLocation status = LambdaHandler.statusLocation(job.toString(), task.index(), task.attempt());
          try {
            ObjectStore s = ObjectStores.shared(status, store);
            long size = s.metadata(status).size();
            JsonNode node = JSON.readTree(s.readFully(status, new ByteRange(0, size), null));
            outstanding.remove(task);
            long bytes = node.path("bytes").asLong();
            long requests = node.path("requests").asLong();
            long retries = node.path("retries").asLong();
            if (node.path("ok").asBoolean()) {
              task.succeeded(JSON.treeToValue(node.get("value"), Object.class), bytes, requests, retries);
            } else {
              task.failed(remoteFailure(node.path("error_type").asText(), node.path("error").asText()), bytes, requests, retries);
            }
          } catch (FileNotFoundException notYet) {
            if (System.currentTimeMillis() - e.getValue() > lostAfter) {
              outstanding.remove(task);
              task.lost("no status from Lambda after " + lostAfter + " ms");
            }
          } catch (IOException | RuntimeException ex) {
            // storage hiccup: poll again
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ex) {
          return;
        }
      }
    }

    /** The remote error as an exception the retry policy can judge: I/O errors stay I/O errors. */
    private static Throwable remoteFailure(String type, String message) {
      String text = type + ": " + message;
      try {
        if (IOException.class.isAssignableFrom(Class.forName(type))) {
          return new IOException(text);
        }
      } catch (ClassNotFoundException ignored) {
        // not a class here: not an I/O error we know
      }
      return new RuntimeException(text);
    }

    @Override
    public int parallelism() {
      return parallelism;
    }

    @Override
    public void close() {
      closed = true;
      poller.interrupt();
      invoker.close();
    }
  }
}
