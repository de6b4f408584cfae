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
   * Opens a stream over exactly the bytes of {@code range}, fetched with one range request where
   * the store allows it. The caller closes the stream.
   *
   * @param expectedEtag if not {@code null}, the read fails with {@link ObjectChangedException}
   *     when the object's ETag differs (S3 and HTTP send it as {@code If-Match})
   * @throws FileNotFoundException if the object does not exist
   * @throws EOFException if the range ends past the end of the object
   * @throws ObjectChangedException if the ETag does not match
   */
  InputStream newStream(ObjectLocation location, ByteRange range, @Nullable String expectedEtag)
      throws IOException;

  /**
   * Reads {@code range} whole into a new array.
   *
   * @throws IllegalArgumentException if the range is longer than an array can hold
   * @see #newStream
   */
  default byte[] readFully(ObjectLocation location, ByteRange range, @Nullable String expectedEtag)
      throws IOException {
    if (range.length() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("range too long for one array: " + range);
    }
    try (InputStream in = newStream(location, range, expectedEtag)) {
      byte[] data = in.readNBytes((int) range.length());
      if (data.length != range.length()) {
        throw new EOFException(
            "Read " + data.length + " of " + range.length() + " bytes: " + location + " " + range);
      }
      return data;
    }
  }

  /**
   * A positional reader of one object, pinned to {@code expectedEtag}: scattered and contiguous
   * ranges, the tail, the size. Opening it does no I/O. The caller closes it.
   *
   * @param expectedEtag if not {@code null}, reads fail with {@link ObjectChangedException} when
   *     the object's ETag differs
   */
  default RangeReader newReader(ObjectLocation location, @Nullable String expectedEtag) {
    return new StoreRangeReader(this, location, expectedEtag);
  }

  /** Requests and bytes this store has fetched so far. */
  IoStats stats();

  /** Releases clients and connections. */
  @Override
  default void close() throws IOException {}
}
