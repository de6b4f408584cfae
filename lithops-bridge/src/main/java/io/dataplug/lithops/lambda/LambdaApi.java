package io.dataplug.lithops.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * The few calls of the AWS Lambda REST API the {@code aws_lambda} backend needs (deploying the
 * handler, waiting for it to become active, asynchronous invocations), signed with SigV4 by the AWS
 * SDK's signer and the default credential chain. Works against AWS and against emulators such as
 * LocalStack ({@code endpoint}).
 */
public final class LambdaApi {
  /** The handler, as the Java runtime names it. */
  public static final String HANDLER = LambdaHandler.class.getName() + "::handleRequest";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final DefaultCredentialsProvider credentials =
      DefaultCredentialsProvider.builder().build();
  private final String endpoint;
  private final String region;

  /**
   * @param endpoint the API endpoint, or null for AWS's in {@code region}
   * @param region the region, or null for {@code us-east-1}
   */
  public LambdaApi(@Nullable String endpoint, @Nullable String region) {
    this.region = region != null ? region : "us-east-1";
    this.endpoint =
        endpoint != null
            ? endpoint.replaceAll("/+$", "")
            : "https://lambda." + this.region + ".amazonaws.com";
  }

  /** Queues one asynchronous invocation ({@code X-Amz-Invocation-Type: Event}). */
  public void invokeAsync(String function, byte[] payload) throws IOException {
    call("POST", "/2015-03-31/functions/" + function + "/invocations", payload, "Event");
  }

  /**
   * Creates the function running the handler on the Java 17 runtime, with its code (the shaded jar)
   * already in S3.
   *
   * @param role the execution role's ARN (it must be allowed to read the data and write job status)
   */
  public void createFunction(
      String function, String role, ObjectLocation code, int memoryMb, int timeoutSeconds)
      throws IOException {
    if (!"s3".equals(code.scheme())) {
      throw new IllegalArgumentException("The function's code must be in S3: " + code);
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("FunctionName", function);
    body.put("Runtime", "java17");
    body.put("Role", role);
    body.put("Handler", HANDLER);
    body.put("MemorySize", memoryMb);
    body.put("Timeout", timeoutSeconds);
    body.putObject("Code").put("S3Bucket", code.authority()).put("S3Key", code.key());
    call("POST", "/2015-03-31/functions", JSON.writeValueAsBytes(body), null);
  }

  /**
   * Deploys the handler: uploads {@code jar} (the shaded jar) to {@code code} in S3, creates the
   * function there (or, if it exists, points it at the new code), and waits until it is active.
   */
  public void deploy(
      String function,
      String role,
      Path jar,
      ObjectLocation code,
      StoreConfig store,
      int memoryMb,
      int timeoutSeconds)
      throws IOException {
    ObjectStores.writable(code, store).put(code, jar);
    try {
      createFunction(function, role, code, memoryMb, timeoutSeconds);
    } catch (Conflict exists) {
      ObjectNode body =
          JSON.createObjectNode().put("S3Bucket", code.authority()).put("S3Key", code.key());
      call(
          "PUT", "/2015-03-31/functions/" + function + "/code", JSON.writeValueAsBytes(body), null);
    }
    awaitActive(function, Duration.ofMinutes(5));
  }

  /** The function already exists (HTTP 409). */
  static final class Conflict extends IOException {
    private static final long serialVersionUID = 1L;

    Conflict(String message) {
      super(message);
    }
  }

  /** The function's state ({@code Pending}, {@code Active}, {@code Failed}, ...). */
  public String state(String function) throws IOException {
    JsonNode config =
        JSON.readTree(
            call("GET", "/2015-03-31/functions/" + function + "/configuration", null, null));
    return config.path("State").asText("Active");
  }

  /**
   * Waits until the function is active; fails if it fails to deploy or takes longer than {@code
   * timeout}.
   */
  public void awaitActive(String function, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String state = state(function);
      if (state.equals("Active")) {
        return;
      } else if (state.equals("Failed") || System.nanoTime() > deadline) {
        throw new IOException(
            "Lambda function " + function + " is not active (" + state + ") at " + endpoint);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("Interrupted waiting for " + function);
      }
    }
  }

  private byte[] call(
      String method, String path, byte @Nullable [] payload, @Nullable String invocationType)
      throws IOException {
    URI uri = URI.create(endpoint + path);
    SdkHttpRequest.Builder request =
        SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
    if (payload != null) {
      request.putHeader("Content-Type", "application/json");
    }
    if (invocationType != null) {
      request.putHeader("X-Amz-Invocation-Type", invocationType);
    }
    byte[] body = payload != null ? payload : new byte[0];
    var signed =
        signer.sign(
            r ->
                r.identity(credentials.resolveIdentity().join())
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofMinutes(2))
            .method(
                method,
                payload != null
                    ? HttpRequest.BodyPublishers.ofByteArray(payload)
                    : HttpRequest.BodyPublishers.noBody());
    signed
        .request()
        .forEachHeader(
            (name, values) -> {
              if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                values.forEach(v -> builder.header(name, v));
              }
            });
    HttpResponse<byte[]> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted calling Lambda: " + method + " " + uri);
    }
    if (response.statusCode() / 100 != 2) {
      String problem =
          "Lambda "
              + method
              + " "
              + path
              + " at "
              + endpoint
              + " failed: HTTP "
              + response.statusCode()
              + " "
              + new String(response.body(), StandardCharsets.UTF_8);
      throw response.statusCode() == 409 ? new Conflict(problem) : new IOException(problem);
    }
    return response.body();
  }
}
