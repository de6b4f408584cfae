package io.dataplug.storage;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a HEAD of an object tells: its size, its entity tag and its last-modified time.
 *
 * @param size size in bytes
 * @param etag entity tag without quotes, or {@code null} if the store has none
 * @param lastModified milliseconds since the epoch, or -1 if unknown
 */
public record ObjectMetadata(long size, @Nullable String etag, long lastModified) {
  public ObjectMetadata {
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
    if (etag != null) {
      etag = unquote(etag);
    }
  }

  /** The entity tag, if the store reports one. */
  public Optional<String> etagIfKnown() {
    return Optional.ofNullable(etag);
  }

  /** Strips the quotes and weak-validator prefix HTTP servers put around entity tags. */
  public static String unquote(String etag) {
    String e = etag.startsWith("W/") ? etag.substring(2) : etag;
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e;
  }
}
