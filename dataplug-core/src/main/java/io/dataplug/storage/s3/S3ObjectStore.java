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
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
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
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in S3 or any S3-compatible server, through the AWS SDK v2. Range reads are single {@code
 * GET}s with {@code Range} and {@code If-Match}; the SDK retries transient failures with
 * exponential backoff, and readers resume a body cut mid-way ({@link
 * io.dataplug.storage.ObjectStore#newReader}). SDK exceptions are translated here into {@link
 * IOException}s that name the location.
 */
public final class S3ObjectStore implements WritableObjectStore {
  private final S3Client client;
  private final IoStats stats = new IoStats();
  private final int maxAttempts;

  /** Transmissions of one request so far (attribute names are global in the SDK: one constant). */
  private static final ExecutionAttribute<Integer> SENT =
      new ExecutionAttribute<>("dataplug.transmissions");

  /** Counts the SDK's retries: every transmission of a request after its first. */
  private final class RetryCounter implements ExecutionInterceptor {

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      Integer n = attributes.getAttribute(SENT);
      attributes.putAttribute(SENT, n == null ? 1 : n + 1);
      if (n != null) {
        stats.addRetry();
      }
    }
  }

  public S3ObjectStore(StoreConfig config) {
    this.client = newClient(config);
    this.maxAttempts = config.maxAttempts();
  }

  private S3Client newClient(StoreConfig config) {
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
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(60)))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .addExecutionInterceptor(new RetryCounter())
                    .retryStrategy(
                        AwsRetryStrategy.standardRetryStrategy().toBuilder()
                            .maxAttempts(config.maxAttempts())
                            .build())
                    .build());
    config.endpointIfSet().ifPresent(e -> builder.endpointOverride(URI.create(e)));
    return builder.build();
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
    try {
      HeadObjectResponse head =
          client.headObject(b -> b.bucket(location.authority()).key(location.key()));
      long lastModified = head.lastModified() == null ? -1 : head.lastModified().toEpochMilli();
      return new ObjectMetadata(head.contentLength(), head.eTag(), lastModified);
    } catch (SdkException e) {
      throw translate(location, e, null);
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
    try {
      client.putObject(
          b -> b.bucket(location.authority()).key(location.key()), RequestBody.fromBytes(data));
    } catch (SdkException e) {
      throw translate(location, e, null);
    }
  }

  @Override
  public void put(ObjectLocation location, Path file) throws IOException {
    try {
      client.putObject(
          b -> b.bucket(location.authority()).key(location.key()), RequestBody.fromFile(file));
    } catch (SdkException e) {
      throw translate(location, e, null);
    }
  }

  @Override
  public void delete(ObjectLocation location) throws IOException {
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

  private static IOException translate(
      ObjectLocation location, SdkException e, @Nullable ByteRange range) {
    if (e instanceof NoSuchKeyException) {
      return new FileNotFoundException("Object does not exist: " + location);
    }
    if (e instanceof NoSuchBucketException) {
      return new FileNotFoundException("Bucket does not exist: " + location);
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
