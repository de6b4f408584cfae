package io.dataplug.index;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The commit marker of a sidecar index, {@code manifest.json}: which format built it, from which
 * version of the source, with which options, and which blobs it consists of. Written last, so a
 * manifest that exists names blobs that exist.
 *
 * @param dataplugIndex layout version of the sidecar itself
 * @param format the format id
 * @param formatVersion the format's index version
 * @param source what the source object was when the index was built
 * @param created ISO-8601 time the index was built
 * @param options the format options the index was built with
 * @param blobs logical blob name to stored blob
 * @param attributes notes the format made for people (how the index was built, ...)
 * @param summary the format's typed index summary (a record it declares), as JSON; bound and
 *     validated on read by {@code IndexView.summary}
 */
public record Manifest(
    int dataplugIndex,
    String format,
    int formatVersion,
    Source source,
    String created,
    Map<String, String> options,
    Map<String, Blob> blobs,
    Map<String, String> attributes,
    @Nullable JsonNode summary) {
  public static final int LAYOUT_VERSION = 1;

  public Manifest {
    requireNonNull(format, "format is null");
    requireNonNull(source, "source is null");
    options = options == null ? Map.of() : Map.copyOf(options);
    blobs = blobs == null ? Map.of() : Map.copyOf(blobs);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /**
   * The source object as it was indexed.
   *
   * @param location the object's location
   * @param size its size in bytes
   * @param etag its ETag, or null if the store has none
   * @param lastModified milliseconds since the epoch, or -1
   */
  public record Source(String location, long size, @Nullable String etag, long lastModified) {}

  /**
   * A stored blob of the index.
   *
   * @param name object name inside the sidecar folder
   * @param size size in bytes
   */
  public record Blob(String name, long size) {}
}
