package io.dataplug.storage;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads objects by byte range. Implementations are thread-safe; one instance serves many threads.
 *
 * <p>Every range request is counted in {@link #stats()} (and in the current task's {@link
 * IoStats#beginTask() scope}), so callers can show what a slice actually fetched.
 */
public interface ObjectStore extends AutoCloseable {
  /**
   * Fetches size, ETag and last-modified time (one HEAD).
   *
   * @throws FileNotFoundException if the object does not exist
   * @throws IOException on any other failure; the message names the location
   */
  ObjectMetadata metadata(ObjectLocation location) throws IOException;

  /**
   * Sends one range request and opens a stream over exactly the bytes of {@code range}; the caller
   * closes it. This is the store's primitive: it does not resume a cut body. Read through {@link
   * #newReader} (or {@link #readFully}), whose streams do.
   *
   * @param expectedEtag if not {@code null}, the read fails with {@link ObjectChangedException}
   *     when the object's ETag differs (S3 sends it as {@code If-Match}; HTTP compares the
   *     response's ETag)
   * @throws FileNotFoundException if the object does not exist
   * @throws EOFException if the range ends past the end of the object
   * @throws ObjectChangedException if the ETag does not match
   */
  InputStream newStream(ObjectLocation location, ByteRange range, @Nullable String expectedEtag)
      throws IOException;

  /**
   * Reads {@code range} whole into a new array, resuming after failures like {@link #newReader}.
   *
   * @throws IllegalArgumentException if the range is longer than an array can hold
   * @see #newStream
   */
  default byte[] readFully(ObjectLocation location, ByteRange range, @Nullable String expectedEtag)
      throws IOException {
    try (RangeReader reader = newReader(location, expectedEtag)) {
      return reader.readFully(range);
    }
  }

  /**
   * A positional reader of one object, pinned to {@code expectedEtag}: scattered and contiguous
   * ranges, the tail, the size. Its streams resume after a cut body or a reset connection: they
   * request the rest of the range again, pinned to the ETag, with backoff, up to {@link
   * #readAttempts()} attempts in a row that deliver no byte, and count each resume in {@link
   * #stats()}. Opening it does no I/O. The caller closes it.
   *
   * @param expectedEtag if not {@code null}, reads fail with {@link ObjectChangedException} when
   *     the object's ETag differs; if {@code null}, the reader pins itself to the ETag a HEAD
   *     reports on first use
   */
  default RangeReader newReader(ObjectLocation location, @Nullable String expectedEtag) {
    return new StoreRangeReader(this, location, expectedEtag);
  }

  /**
   * Attempts a read makes in a row without receiving a byte before it fails (see {@link
   * #newReader}); at least 1.
   */
  default int readAttempts() {
    return StoreConfig.defaults().maxAttempts();
  }

  /** Requests and bytes this store has fetched so far. */
  IoStats stats();

  /** Releases clients and connections. */
  @Override
  default void close() throws IOException {}
}
