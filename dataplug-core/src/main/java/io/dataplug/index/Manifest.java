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
 * @param generation the suffix of this index's blob names, which tells its blobs from those of
 *     other builds in the same folder; null in manifests written before it was recorded
 * @param checksum {@code crc32c:} and 8 hex digits: the CRC32C of the manifest file as written with
 *     this value replaced by {@link #CHECKSUM_PLACEHOLDER}, so a manifest changed after it was
 *     written is found; null when building one (the index store fills it in) and in manifests
 *     written before it was recorded
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
    @Nullable JsonNode summary,
    @Nullable String generation,
    @Nullable String checksum) {
  /**
   * The layout version this library writes and reads. Checksums ({@link Blob#crc32c()}) and the
   * generation were added within layout 1 as optional fields: manifests without them are still read
   * (their blobs are not verified), and older readers ignore them.
   */
  public static final int LAYOUT_VERSION = 1;

  /** What {@link #checksum()} holds while the checksum of the manifest file is computed. */
  public static final String CHECKSUM_PLACEHOLDER = "crc32c:00000000";

  public Manifest {
    requireNonNull(format, "format is null");
    requireNonNull(source, "source is null");
    options = options == null ? Map.of() : Map.copyOf(options);
    blobs = blobs == null ? Map.of() : Map.copyOf(blobs);
    if (generation != null && !generation.matches("[0-9a-f]{1,16}")) {
      throw new IllegalArgumentException("generation is not 1 to 16 hex digits: " + generation);
    }
    if (checksum != null && !checksum.matches("crc32c:[0-9a-f]{8}")) {
      throw new IllegalArgumentException("checksum is not crc32c: and 8 hex digits: " + checksum);
    }
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  /** This manifest with {@code checksum} as its checksum. */
  public Manifest withChecksum(@Nullable String checksum) {
    return new Manifest(
        dataplugIndex,
        format,
        formatVersion,
        source,
        created,
        options,
        blobs,
        attributes,
        summary,
        generation,
        checksum);
  }

  /**
   * The source object as it was indexed.
   *
   * @param location the object's location
   * @param size its size in bytes
   * @param etag its ETag, or null if the store has none
   * @param lastModified milliseconds since the epoch, or -1
   */
  public record Source(String location, long size, @Nullable String etag, long lastModified) {
    public Source {
      requireNonNull(location, "location is null");
      if (size < 0) {
        throw new IllegalArgumentException("size is negative: " + size);
      }
    }
  }

  /**
   * A stored blob of the index.
   *
   * @param name object name inside the sidecar folder: a plain file name, never a path
   * @param size size in bytes
   * @param crc32c the CRC32C of the whole blob (as an unsigned 32-bit value), or null in manifests
   *     written before checksums were stored
   */
  public record Blob(String name, long size, @Nullable Long crc32c) {
    public Blob {
      requireNonNull(name, "name is null");
      if (!name.matches("[A-Za-z0-9_][A-Za-z0-9._-]*") || name.contains("..")) {
        throw new IllegalArgumentException("blob name is not a plain file name: " + name);
      }
      if (size < 0) {
        throw new IllegalArgumentException("blob size is negative: " + size);
      }
      if (crc32c != null && (crc32c < 0 || crc32c > 0xFFFF_FFFFL)) {
        throw new IllegalArgumentException("crc32c is not an unsigned 32-bit value: " + crc32c);
      }
    }

    /** The blob stored as {@code name} holding {@code data}, with its checksum. */
    public static Blob of(String name, byte[] data) {
      return new Blob(name, data.length, crc32c(data));
    }

    /** The CRC32C of {@code data}. */
    public static long crc32c(byte[] data) {
      java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
      crc.update(data);
      return crc.getValue();
    }
  }
}
