package io.dataplug.storage;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import org.jspecify.annotations.Nullable;

/**
 * One range of an object that survives a cut body or a reset connection: when a read fails, the
 * rest of the range is requested again from the current position, pinned to the same ETag, after a
 * {@link Backoff}; a request that fails to open is sent again the same way. A read gives up after
 * {@code maxAttempts} attempts in a row that delivered no byte. Each new request is counted in the
 * store's {@link IoStats} as a resume. Permanent answers are not retried: a missing object, a
 * refused access, a range past the end, and a replaced object ({@link ObjectChangedException}: the
 * bytes of two versions are never mixed).
 *
 * <p>This is the one place reads resume (as Hadoop S3A's and Iceberg's S3 input streams reopen on
 * failure): every {@link RangeReader} made by {@link ObjectStore#newReader} reads through it, so no
 * format or index path can miss it. Not thread-safe, like any stream.
 */
final class ResumingStream extends InputStream {
  private final ObjectStore store;
  private final ObjectLocation location;
  private final ByteRange range;
  private final @Nullable String etag;
  private final int maxAttempts;
  private final byte[] one = new byte[1];
  private @Nullable InputStream current;
  private long position;
  private int failures;

  private ResumingStream(
      ObjectStore store,
      ObjectLocation location,
      ByteRange range,
      @Nullable String etag,
      int maxAttempts) {
    this.store = store;
    this.location = location;
    this.range = range;
    this.etag = etag;
    this.maxAttempts = maxAttempts;
    this.position = range.offset();
  }

  /**
   * Opens {@code range} of the object (the first request is sent now, so a missing or replaced
   * object fails here).
   *
   * @param etag the ETag every request is pinned to, or {@code null} if the store has none
   * @param maxAttempts attempts in a row without progress before the read fails (at least 1)
   */
  static InputStream open(
      ObjectStore store,
      ObjectLocation location,
      ByteRange range,
      @Nullable String etag,
      int maxAttempts)
      throws IOException {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
    }
    ResumingStream stream = new ResumingStream(store, location, range, etag, maxAttempts);
    stream.current = stream.request();
    return stream;
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (position >= range.end()) {
      return -1;
    }
    while (true) {
      InputStream in = current;
      if (in == null) {
        in = request();
        current = in;
      }
      try {
        int n = in.read(b, off, (int) Math.min(len, range.end() - position));
        if (n < 0) {
          throw new EOFException("the body ended at byte " + position);
        }
        position += n;
        failures = 0;
        return n;
      } catch (IOException e) {
        discardCurrent();
        if (!resumable(e)) {
          throw e;
        }
        failed(e);
      }
    }
  }

  /** Requests the rest of the range, sending it again after transient failures. */
  private InputStream request() throws IOException {
    while (true) {
      try {
        return store.newStream(location, ByteRange.between(position, range.end()), etag);
      } catch (FileNotFoundException | EOFException | AccessDeniedException e) {
        throw e;
      } catch (IOException e) {
        if (!resumable(e)) {
          throw e;
        }
        failed(e);
      }
    }
  }

  /** Counts a failed attempt; throws when the budget is spent, else waits and counts a resume. */
  private void failed(IOException e) throws IOException {
    failures++;
    if (failures >= maxAttempts) {
      throw new IOException(
          "Read of "
              + location
              + " "
              + range
              + " failed at byte "
              + position
              + " after "
              + failures
              + " attempts in a row: "
              + e.getMessage(),
          e);
    }
    Backoff.pause(failures, -1, location);
    store.stats().addResume();
  }

  private static boolean resumable(IOException e) {
    if (e instanceof ObjectChangedException || Thread.currentThread().isInterrupted()) {
      return false;
    }
    return !(e instanceof InterruptedIOException) || e instanceof SocketTimeoutException;
  }

  private void discardCurrent() {
    InputStream in = current;
    current = null;
    if (in != null) {
      try {
        in.close();
      } catch (IOException | RuntimeException ignored) {
        // the connection is broken already; a new request replaces it
      }
    }
  }

  @Override
  public int available() throws IOException {
    InputStream in = current;
    return in == null ? 0 : (int) Math.min(in.available(), range.end() - position);
  }

  @Override
  public void close() throws IOException {
    InputStream in = current;
    current = null;
    if (in != null) {
      in.close();
    }
  }
}
