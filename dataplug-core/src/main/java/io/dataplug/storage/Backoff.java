package io.dataplug.storage;

import java.io.InterruptedIOException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The wait before a request is sent again: exponential backoff with full jitter (a random delay up
 * to 100 ms, doubling with each attempt, at most 5 s), or what the server asked for. Shared by the
 * stores that retry requests themselves and by reads that resume.
 */
public final class Backoff {
  private static final long BASE_DELAY_MS = 100;
  private static final long MAX_DELAY_MS = 5_000;

  private Backoff() {}

  /**
   * Sleeps before attempt {@code attempt + 1}.
   *
   * @param attempt attempts made so far (from 1)
   * @param retryAfterMillis the server's {@code Retry-After}, or -1 for none
   * @param location the object, for the message if the thread is interrupted
   * @throws InterruptedIOException if the thread is interrupted while it waits
   */
  public static void pause(int attempt, long retryAfterMillis, ObjectLocation location)
      throws InterruptedIOException {
    long cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS << Math.min(Math.max(attempt - 1, 0), 16));
    long delay =
        retryAfterMillis >= 0
            ? Math.min(MAX_DELAY_MS, retryAfterMillis)
            : ThreadLocalRandom.current().nextLong(cap + 1);
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while retrying a request for " + location);
    }
  }
}
