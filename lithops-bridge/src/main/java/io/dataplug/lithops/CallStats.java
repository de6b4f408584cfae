package io.dataplug.lithops;

/**
 * What one call cost: when it was submitted, started and ended (milliseconds since the epoch, -1 if
 * not yet), what it fetched from object storage over all its attempts (bytes, range requests, and
 * requests the storage client sent again after transient failures), and how many attempts it took.
 */
public record CallStats(
    long submitted,
    long started,
    long finished,
    long bytesRead,
    long requests,
    long storageRetries,
    int attempts) {
  /** Run time in seconds, or 0 if the call has not ended. */
  public double seconds() {
    return finished < 0 || started < 0 ? 0 : (finished - started) / 1000.0;
  }
}
