package io.dataplug.storage;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How to reach object stores: the S3 endpoint, region and addressing style, the retry budget and
 * how long to wait for an answer. Holds no credentials, so it travels with slices to workers;
 * workers take credentials from the standard AWS chain.
 *
 * @param endpoint S3 endpoint override (e.g. {@code http://127.0.0.1:9000}), or {@code null} for
 *     AWS
 * @param region AWS region, or {@code null} for the default region chain (then {@code us-east-1})
 * @param pathStyle use path-style addressing ({@code endpoint/bucket/key}); needed by most
 *     S3-compatible servers
 * @param maxAttempts attempts per request including the first (the SDK backs off between them);
 *     also the attempts a read makes in a row, resuming after a cut body, before it fails
 * @param timeoutSeconds how long a request may wait for the server's answer, in seconds, all
 *     attempts included (an upload gets one more second per MiB of its body); a third of it without
 *     a byte from the server ends an attempt. 0 for {@link #DEFAULT_TIMEOUT}; the environment sets
 *     it with {@value #TIMEOUT_VARIABLE}. Whole seconds, so the configuration stays plain values
 *     for JSON.
 */
public record StoreConfig(
    @Nullable String endpoint,
    @Nullable String region,
    boolean pathStyle,
    int maxAttempts,
    int timeoutSeconds)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** How long a request waits for an answer unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /** The environment variable that sets {@link #timeoutSeconds()}. */
  public static final String TIMEOUT_VARIABLE = "DATAPLUG_S3_TIMEOUT";

  public StoreConfig {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    // 0 also from JSON or a stream written before the timeout existed
    if (timeoutSeconds == 0) {
      timeoutSeconds = (int) DEFAULT_TIMEOUT.toSeconds();
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 86_400) {
      throw new IllegalArgumentException(
          "timeout must be from 1 to 86400 seconds: " + timeoutSeconds);
    }
    if (endpoint != null && endpoint.isBlank()) {
      endpoint = null;
    }
    if (region != null && region.isBlank()) {
      region = null;
    }
  }

  /** A configuration that waits {@link #DEFAULT_TIMEOUT} for answers. */
  public StoreConfig(
      @Nullable String endpoint, @Nullable String region, boolean pathStyle, int maxAttempts) {
    this(endpoint, region, pathStyle, maxAttempts, 0);
  }

  /** AWS defaults: no endpoint override, the default region chain, virtual-host addressing. */
  public static StoreConfig defaults() {
    return new StoreConfig(null, null, false, 5);
  }

  /**
   * From the standard environment: {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL} (then
   * path-style addressing), {@code AWS_REGION}, and {@value #TIMEOUT_VARIABLE} (seconds).
   *
   * @throws IllegalArgumentException if {@value #TIMEOUT_VARIABLE} is not a number of seconds
   */
  public static StoreConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static StoreConfig fromEnvironment(Map<String, String> env) {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
    String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
    return new StoreConfig(endpoint, region, endpoint != null, 5, timeout(env));
  }

  private static int timeout(Map<String, String> env) {
    String value = env.get(TIMEOUT_VARIABLE);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      double seconds = Math.ceil(Double.parseDouble(value.strip()));
      if (seconds >= 1 && seconds <= 86_400) {
        return (int) seconds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        TIMEOUT_VARIABLE + " must be a number of seconds from 1 to 86400: '" + value + "'");
  }

  /** How long a request may wait for the server's answer, all attempts included. */
  public Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** A copy with the given S3 endpoint and path-style addressing. */
  public StoreConfig withEndpoint(@Nullable String newEndpoint) {
    return new StoreConfig(
        newEndpoint, region, newEndpoint != null || pathStyle, maxAttempts, timeoutSeconds);
  }

  public StoreConfig withRegion(@Nullable String newRegion) {
    return new StoreConfig(endpoint, newRegion, pathStyle, maxAttempts, timeoutSeconds);
  }

  public StoreConfig withMaxAttempts(int attempts) {
    return new StoreConfig(endpoint, region, pathStyle, attempts, timeoutSeconds);
  }

  /** A copy that waits at most {@code newTimeout} (rounded up to whole seconds) for answers. */
  public StoreConfig withTimeout(Duration newTimeout) {
    long seconds = newTimeout.plusMillis(999).toSeconds();
    return new StoreConfig(
        endpoint, region, pathStyle, maxAttempts, (int) Math.max(1, Math.min(seconds, 86_400)));
  }

  public Optional<String> endpointIfSet() {
    return Optional.ofNullable(endpoint);
  }
}
