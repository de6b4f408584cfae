package io.dataplug.storage;

import java.io.Serializable;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How to reach object stores: the S3 endpoint, region and addressing style, and the retry budget.
 * Holds no credentials, so it travels with slices to workers; workers take credentials from the
 * standard AWS chain.
 *
 * @param endpoint S3 endpoint override (e.g. {@code http://127.0.0.1:9000}), or {@code null} for
 *     AWS
 * @param region AWS region, or {@code null} for the default region chain (then {@code us-east-1})
 * @param pathStyle use path-style addressing ({@code endpoint/bucket/key}); needed by most
 *     S3-compatible servers
 * @param maxAttempts attempts per request including the first (the SDK backs off between them);
 *     also the attempts a read makes in a row, resuming after a cut body, before it fails
 */
public record StoreConfig(
    @Nullable String endpoint, @Nullable String region, boolean pathStyle, int maxAttempts)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public StoreConfig {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (endpoint != null && endpoint.isBlank()) {
      endpoint = null;
    }
    if (region != null && region.isBlank()) {
      region = null;
    }
  }

  /** AWS defaults: no endpoint override, the default region chain, virtual-host addressing. */
  public static StoreConfig defaults() {
    return new StoreConfig(null, null, false, 5);
  }

  /**
   * From the standard environment: {@code AWS_ENDPOINT_URL_S3} or {@code AWS_ENDPOINT_URL} (then
   * path-style addressing), and {@code AWS_REGION}.
   */
  public static StoreConfig fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static StoreConfig fromEnvironment(Map<String, String> env) {
    String endpoint = env.getOrDefault("AWS_ENDPOINT_URL_S3", env.get("AWS_ENDPOINT_URL"));
    String region = env.getOrDefault("AWS_REGION", env.get("AWS_DEFAULT_REGION"));
    return new StoreConfig(endpoint, region, endpoint != null, 5);
  }

  /** A copy with the given S3 endpoint and path-style addressing. */
  public StoreConfig withEndpoint(@Nullable String newEndpoint) {
    return new StoreConfig(newEndpoint, region, newEndpoint != null || pathStyle, maxAttempts);
  }

  public StoreConfig withRegion(@Nullable String newRegion) {
    return new StoreConfig(endpoint, newRegion, pathStyle, maxAttempts);
  }

  public StoreConfig withMaxAttempts(int attempts) {
    return new StoreConfig(endpoint, region, pathStyle, attempts);
  }

  public Optional<String> endpointIfSet() {
    return Optional.ofNullable(endpoint);
  }
}
