package io.dataplug.lithops;

import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectChangedException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how soon a failed call is tried again: up to {@code maxAttempts} attempts in all, for
 * transient failures only (I/O errors such as connection resets, truncated bodies or throttling,
 * and lost workers), with exponential backoff and full jitter between {@code base} and {@code max}.
 * Missing objects, malformed data and changed objects are not retried: they would fail again.
 *
 * @param maxAttempts attempts per call including the first, at least 1
 * @param base first backoff
 * @param max largest backoff
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {
  /** 3 attempts, backoff from 100 ms up to 5 s. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(5));

  /** No retries. */
  public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO);

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= base <= max");
    }
  }

  /** Whether a failure is worth another attempt. */
  public boolean isTransient(Throwable failure) {
    Throwable t = failure;
    while (t != null) {
      if (t instanceof FileNotFoundException
          || t instanceof MalformedDataException
          || t instanceof ObjectChangedException) {
        return false;
      }
      if (t instanceof IOException && !(t instanceof UncheckedIOException)) {
        return true;
      }
      t = t.getCause();
    }
    return false;
  }

  /**
   * The delay before attempt {@code attempt + 1}: random in [0, min(max, base * 2^(attempt-1))].
   */
  public Duration backoff(int attempt) {
    long cap = Math.min(max.toMillis(), base.toMillis() << Math.min(20, attempt - 1));
    return Duration.ofMillis(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
  }
}
