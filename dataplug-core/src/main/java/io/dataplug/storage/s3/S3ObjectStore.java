package io.dataplug.storage.s3;

import io.dataplug.storage.Backoff;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.CountingInputStream;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectChangedException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.StoreConfig;
import io.dataplug.storage.WritableObjectStore;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in S3 or any S3-compatible server, through the AWS SDK v2. Range reads are single {@code
 * GET}s with {@code Range} and {@code If-Match}; the SDK retries transient failures with
 * exponential backoff, and readers resume a body cut mid-way ({@link
 * io.dataplug.storage.ObjectStore#newReader}); a retry of a request that has gone on for a second
 * or more is logged as it happens (at most one line every few seconds). A request waits at most
 * {@link StoreConfig#timeout()} for the server's answer. SDK exceptions are translated here into
 * one-line {@link IOException}s that name the location and what to do.
 */
public final class S3ObjectStore implements WritableObjectStore {
  private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

  /** At most one retry line per this many nanoseconds (per store). */
  private static final long RETRY_LOG_INTERVAL = 5_000_000_000L;

  private final S3Client client;
  private final StoreConfig config;
  private final IoStats stats = new IoStats();
  private final int maxAttempts;
  private final AtomicLong lastRetryLog = new AtomicLong(System.nanoTime() - RETRY_LOG_INTERVAL);
  private final AtomicLong retriesNotLogged = new AtomicLong();

  /** Buckets known to exist (a missing key in them needs no question to the bucket). */
  private final Set<String> bucketsFound = ConcurrentHashMap.newKeySet();

  /** Transmissions of one request so far (attribute names are global in the SDK: one constant). */
  private static final ExecutionAttribute<Integer> SENT =
      new ExecutionAttribute<>("dataplug.transmissions");

  /** When one request was first sent ({@link System#nanoTime()}). */
  private static final ExecutionAttribute<Long> FIRST_SENT =
      new ExecutionAttribute<>("dataplug.firstSent");

  /** Retries of a request that has been going on for less than this are not logged. */
  private static final long RETRY_LOG_AFTER = 1_000_000_000L;

  /** The HTTP status of the last answer to one request. */
  private static final ExecutionAttribute<Integer> STATUS =
      new ExecutionAttribute<>("dataplug.status");

  /** Counts the SDK's retries (every transmission of a request after its first) and logs them. */
  private final class RetryCounter implements ExecutionInterceptor {

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      Integer n = attributes.getAttribute(SENT);
      attributes.putAttribute(SENT, n == null ? 1 : n + 1);
      if (n == null) {
        attributes.putAttribute(FIRST_SENT, System.nanoTime());
      } else {
        stats.addRetry();
        Long first = attributes.getAttribute(FIRST_SENT);
        if (first == null || System.nanoTime() - first >= RETRY_LOG_AFTER) {
          logRetry(context, n + 1, attributes.getAttribute(STATUS));
        }
        attributes.putAttribute(STATUS, null);
      }
    }

    @Override
    public void afterTransmission(
        Context.AfterTransmission context, ExecutionAttributes attributes) {
      attributes.putAttribute(STATUS, context.httpResponse().statusCode());
    }
  }

  public S3ObjectStore(StoreConfig config) {
    this.config = config;
    this.client = newClient(config);
    this.maxAttempts = config.maxAttempts();
  }

  private S3Client newClient(StoreConfig config) {
    Duration silence = silenceLimit(config);
    var builder =
        S3Client.builder()
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .region(region(config))
            .forcePathStyle(config.pathStyle())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(64)
                    .connectionTimeout(silence)
                    .socketTimeout(silence))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .addExecutionInterceptor(new RetryCounter())
                    // bounds the wait for an answer (for a GET: until its headers), retries
                    // included
                    .apiCallTimeout(config.timeout())
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(config.maxAttempts())
                            .build())
                    .build());
    config.endpointIfSet().ifPresent(e -> builder.endpointOverride(URI.create(e)));
    return builder.build();
  }

  /**
   * How long an attempt may go without a byte from the server (or without connecting): a third of
   * the timeout, so a silent server is tried again before the timeout ends the request.
   */
  private static Duration silenceLimit(StoreConfig config) {
    Duration third = config.timeout().dividedBy(3);
    return third.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : third;
  }

  private static Region region(StoreConfig config) {
    if (config.region() != null) {
      return Region.of(config.region());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkException e) {
      return Region.US_EAST_1;
    }
  }

  @Override
  public ObjectMetadata metadata(ObjectLocation location) throws IOException {
    requireKey(location);
    try {
      HeadObjectResponse head =
          client.headObject(b -> b.bucket(location.authority()).key(location.key()));
      long lastModified = head.lastModified() == null ? -1 : head.lastModified().toEpochMilli();
      bucketsFound.add(location.authority());
      return new ObjectMetadata(head.contentLength(), head.eTag(), lastModified);
    } catch (SdkException e) {
      IOException failure = translate(location, e, null);
      // a HEAD answer has no body, so a missing bucket looks like a missing key: ask the bucket
      // (once: a bucket found stays found)
      throw failure instanceof FileNotFoundException && !bucketsFound.contains(location.authority())
          ? explain(location, failure)
          : failure;
    }
  }

  @Override
  public InputStream newStream(
      ObjectLocation location, ByteRange range, @Nullable String expectedEtag) throws IOException {
    if (range.isEmpty()) {
      if (expectedEtag != null) {
        ObjectMetadata meta = metadata(location);
        if (!expectedEtag.equals(meta.etag())) {
          throw changed(location, expectedEtag);
        }
      }
      return InputStream.nullInputStream();
    }
    GetObjectRequest.Builder request =
        GetObjectRequest.builder()
            .bucket(location.authority())
            .key(location.key())
            .range(range.httpRangeHeader());
    if (expectedEtag != null) {
      request.ifMatch("\"" + expectedEtag + "\"");
    }
    stats.addRequest();
    ResponseInputStream<GetObjectResponse> body;
    try {
      body = client.getObject(request.build());
    } catch (SdkException e) {
      throw translate(location, e, range);
    }
    Long contentLength = body.response().contentLength();
    if (contentLength != null && contentLength < range.length()) {
      body.abort();
      throw new EOFException("Range " + range + " ends past the end of " + location);
    }
    return new AbortingStream(
        new CountingInputStream(body, range.length(), stats, location + " " + range), body);
  }

  @Override
  public void put(ObjectLocation location, byte[] data) throws IOException {
    put(location, RequestBody.fromBytes(data), data.length);
  }

  @Override
  public void put(ObjectLocation location, Path file) throws IOException {
    put(location, RequestBody.fromFile(file), java.nio.file.Files.size(file));
  }

  /**
   * Uploads a body. The wait for the answer grows by one second per MiB of the body, as sending it
   * takes time.
   *
   * <p>A server that refuses an upload (wrong credentials, missing bucket) may answer as soon as it
   * has the headers and close the connection while the body is still being sent; the HTTP client
   * then sees only the broken connection, not the answer (S3Proxy even sends {@code 100 Continue}
   * first, so {@code Expect: 100-continue} does not prevent it). After such a failure one request
   * without a body asks the bucket, and its refusal, if any, is what is reported.
   */
  private void put(ObjectLocation location, RequestBody body, long size) throws IOException {
    requireKey(location);
    Duration wait = config.timeout().plusSeconds(size >> 20);
    PutObjectRequest request =
        PutObjectRequest.builder()
            .bucket(location.authority())
            .key(location.key())
            .overrideConfiguration(o -> o.apiCallTimeout(wait))
            .build();
    try {
      client.putObject(request, body);
    } catch (SdkException e) {
      IOException failure = translate(location, e, null);
      throw isCutOff(e) ? explain(location, failure) : failure;
    }
  }

  @Override
  public void delete(ObjectLocation location) throws IOException {
    requireKey(location);
    try {
      client.deleteObject(b -> b.bucket(location.authority()).key(location.key()));
    } catch (SdkException e) {
      throw translate(location, e, null);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A listing whose response is cut mid-way (which the SDK does not retry: it fails to parse) is
   * sent again, with backoff, up to the configured attempts.
   */
  @Override
  public List<String> list(ObjectLocation folder) throws IOException {
    String prefix =
        folder.key().isEmpty() || folder.key().endsWith("/") ? folder.key() : folder.key() + "/";
    for (int attempt = 1; ; attempt++) {
      List<String> names = new ArrayList<>();
      try {
        for (S3Object o :
            client
                .listObjectsV2Paginator(b -> b.bucket(folder.authority()).prefix(prefix))
                .contents()) {
          names.add(o.key().substring(prefix.length()));
        }
        return names;
      } catch (SdkClientException e) {
        if (attempt >= maxAttempts || !causedByIo(e)) {
          throw translate(folder, e, null);
        }
        stats.addRetry();
        Backoff.pause(attempt, -1, folder);
      } catch (SdkException e) {
        throw translate(folder, e, null);
      }
    }
  }

  /** Creates the bucket if it does not exist (for staging data and the embedded server). */
  public void createBucket(String bucket) throws IOException {
    try {
      client.createBucket(b -> b.bucket(bucket));
    } catch (S3Exception e) {
      if (e.statusCode() != 409) {
        throw new IOException("Failed to create bucket " + bucket + ": " + message(e), e);
      }
    } catch (SdkException e) {
      throw new IOException("Failed to create bucket " + bucket + ": " + e.getMessage(), e);
    }
  }

  @Override
  public IoStats stats() {
    return stats;
  }

  @Override
  public int readAttempts() {
    return maxAttempts;
  }

  @Override
  public void close() {
    client.close();
  }

  /** An S3 object location needs a key: {@code s3://bucket/} names a bucket. */
  private static void requireKey(ObjectLocation location) throws FileNotFoundException {
    if (location.key().isEmpty()) {
      throw new FileNotFoundException(
          "Bucket, not an object: "
              + location
              + " (name an object: s3://"
              + location.authority()
              + "/KEY)");
    }
  }

  /** Whether the connection broke while the request was being sent (not a timeout). */
  private static boolean isCutOff(SdkException e) {
    if (!(e instanceof SdkClientException)) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return false;
      }
      if (t instanceof SocketException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Asks the bucket with a request without a body (a listing of at most one key) and returns its
   * refusal as the explanation of {@code failure}, if it is refused as missing or for its
   * credentials; otherwise returns {@code failure}.
   */
  private IOException explain(ObjectLocation location, IOException failure) {
    try {
      client.listObjectsV2(b -> b.bucket(location.authority()).prefix(location.key()).maxKeys(1));
      return failure;
    } catch (NoSuchBucketException e) {
      return bucketMissing(location);
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return bucketMissing(location);
      }
      return e.statusCode() == 401 || e.statusCode() == 403
          ? translate(location, e, null)
          : failure;
    } catch (SdkException e) {
      return failure;
    }
  }

  private static FileNotFoundException bucketMissing(ObjectLocation location) {
    return new FileNotFoundException(
        "Bucket " + location.authority() + " does not exist: " + location);
  }

  /** Where requests go, for messages: the endpoint, or AWS S3 and the region. */
  private String endpoint() {
    return config.endpointIfSet().orElse("AWS S3 (" + region(config) + ")");
  }

  private void logRetry(Context.BeforeTransmission context, int attempt, @Nullable Integer status) {
    long now = System.nanoTime();
    long last = lastRetryLog.get();
    if (now - last < RETRY_LOG_INTERVAL || !lastRetryLog.compareAndSet(last, now)) {
      retriesNotLogged.incrementAndGet();
      return;
    }
    long more = retriesNotLogged.getAndSet(0);
    String bucket = context.request().getValueForField("Bucket", String.class).orElse("");
    String key = context.request().getValueForField("Key", String.class).orElse("");
    LOG.warn(
        "retrying {} s3://{}/{} at {} (attempt {} of {}, after {}){}",
        context.httpRequest().method(),
        bucket,
        key,
        endpoint(),
        attempt,
        config.maxAttempts(),
        status == null ? "no answer or a broken connection" : "HTTP " + status,
        more == 0 ? "" : "; " + more + " other retries since the last line");
  }

  private IOException translate(
      ObjectLocation location, SdkException e, @Nullable ByteRange range) {
    if (e instanceof NoSuchKeyException) {
      return new FileNotFoundException("Object does not exist: " + location);
    }
    if (e instanceof NoSuchBucketException) {
      return bucketMissing(location);
    }
    if (e instanceof S3Exception s3) {
      switch (s3.statusCode()) {
        case 404:
          return new FileNotFoundException("Object does not exist: " + location);
        case 412:
          return new ObjectChangedException(
              "Object has changed since it was indexed (ETag mismatch): " + location);
        case 416:
          return new EOFException("Range " + range + " ends past the end of " + location);
        case 401:
        case 403:
          return new AccessDeniedException(
              null,
              null,
              "Access denied to "
                  + location
                  + ": "
                  + message(s3)
                  + " (check the credentials in the AWS chain)");
        default:
          return new IOException("S3 request failed for " + location + ": " + message(s3), e);
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.startsWith("Unable to load credentials")) {
        return new IOException(
            "No AWS credentials to reach "
                + location
                + ": set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE with a"
                + " profile in ~/.aws/credentials",
            e);
      }
      if (t instanceof ApiCallTimeoutException || t instanceof SocketTimeoutException) {
        return new IOException(
            String.format(
                Locale.ROOT,
                "No answer from %s for %s within %d s (the limit is %s, in seconds)",
                endpoint(),
                location,
                config.timeout().toSeconds(),
                StoreConfig.TIMEOUT_VARIABLE),
            e);
      }
      if (t instanceof ConnectException) {
        return new IOException(
            "Cannot connect to " + endpoint() + " for " + location + ": " + t.getMessage(), e);
      }
    }
    return new IOException("S3 request failed for " + location + ": " + e.getMessage(), e);
  }

  private static boolean causedByIo(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static String message(S3Exception e) {
    var details = e.awsErrorDetails();
    String code = details == null ? null : details.errorCode();
    return "HTTP " + e.statusCode() + (code == null ? "" : " " + code);
  }

  private static ObjectChangedException changed(ObjectLocation location, String expected) {
    return new ObjectChangedException(
        "Object has changed since it was indexed: "
            + location
            + " (expected ETag "
            + expected
            + ")");
  }

  /** Aborts the HTTP connection on close instead of draining the rest of the body. */
  private static final class AbortingStream extends java.io.FilterInputStream {
    private final CountingInputStream counted;
    private final ResponseInputStream<?> response;

    AbortingStream(CountingInputStream in, ResponseInputStream<?> response) {
      super(in);
      this.counted = in;
      this.response = response;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      if (counted.remaining() > 0) {
        response.abort();
      }
      response.close();
    }
  }
}
