package io.dataplug;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.format.FormatPlugin;
import io.dataplug.format.FormatRegistry;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceHint;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One slice of an object: a small immutable descriptor of the byte ranges a worker reads and the
 * little context it needs to decode them. It holds no clients and no credentials: a worker rebuilds
 * its store from {@link #storeConfig()} and the standard AWS credential chain, and reads exactly
 * the slice's ranges, pinned to the object's ETag so a changed object fails fast.
 *
 * <p>Round-trips through JSON ({@link #toJson()}/{@link #fromJson}) and Java serialization; either
 * way the canonical constructor runs, so a descriptor is validated again on the worker.
 *
 * @param location the object, e.g. {@code s3://bucket/key}
 * @param etag the object's ETag when it was indexed, or null if its store has none
 * @param format the format id
 * @param index this slice's position, from 0
 * @param count the number of slices the object was cut into
 * @param ranges the byte ranges of the object this slice reads, in order
 * @param hint the format's decode hint
 * @param storeConfig how to reach the store (no secrets)
 */
public record DataSlice(
    String location,
    @Nullable String etag,
    String format,
    int index,
    int count,
    List<ByteRange> ranges,
    SliceHint hint,
    StoreConfig storeConfig)
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int JSON_VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  public DataSlice {
    requireNonNull(location, "location is null");
    requireNonNull(format, "format is null");
    requireNonNull(hint, "hint is null");
    requireNonNull(storeConfig, "storeConfig is null");
    ranges = List.copyOf(ranges);
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException("index " + index + " is not in [0, " + count + ")");
    }
  }

  /**
   * This slice, reaching its store another way (e.g. another endpoint, as a remote worker sees it).
   */
  public DataSlice withStoreConfig(StoreConfig config) {
    return new DataSlice(location, etag, format, index, count, ranges, hint, config);
  }

  /** The parsed location. */
  public ObjectLocation objectLocation() {
    return ObjectLocation.of(location);
  }

  /** The ETag the slice expects, if the store has ETags. */
  public Optional<String> etagIfKnown() {
    return Optional.ofNullable(etag);
  }

  /** Total bytes of the object's ranges this slice reads. */
  public long length() {
    long n = 0;
    for (ByteRange r : ranges) {
      n += r.length();
    }
    return n;
  }

  /** The hint, cast to the format's hint type. */
  public <H extends SliceHint> H hint(Class<H> type) {
    return type.cast(hint);
  }

  /** The shared store this slice reads from (built from {@link #storeConfig()}). */
  public ObjectStore store() {
    return ObjectStores.shared(objectLocation(), storeConfig);
  }

  /** The format that reads this slice. */
  public FormatPlugin formatPlugin() {
    return FormatRegistry.get().format(format);
  }

  /**
   * Opens the raw bytes of the slice's ranges, one after another. Each range is one range request,
   * made when the stream reaches it.
   */
  public InputStream openRawStream() throws IOException {
    ObjectStore store = store();
    ObjectLocation loc = objectLocation();
    if (ranges.size() == 1) {
      return store.newStream(loc, ranges.get(0), etag);
    }
    Iterator<ByteRange> it = ranges.iterator();
    Enumeration<InputStream> streams =
        new Enumeration<>() {
          @Override
          public boolean hasMoreElements() {
            return it.hasNext();
          }

          @Override
          public InputStream nextElement() {
            try {
              return store.newStream(loc, it.next(), etag);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return ranges.isEmpty()
        ? InputStream.nullInputStream()
        : new SequenceInputStream(streams) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            try {
              return super.read(b, off, len);
            } catch (UncheckedIOException e) {
              throw e.getCause();
            }
          }
        };
  }

  /** Opens a reader over the slice's records. The caller closes it. */
  public RecordReader<?> newRecordReader() throws IOException {
    return formatPlugin().newRecordReader(this, store());
  }

  /**
   * Opens a reader over the slice's records, checked to be of {@code type}.
   *
   * @throws ClassCastException on the first record if the format's records are of another type
   */
  @SuppressWarnings("unchecked")
  public <R> RecordReader<R> newRecordReader(Class<R> type) throws IOException {
    RecordReader<?> reader = newRecordReader();
    return new RecordReader<>() {
      @Override
      public boolean advance() throws IOException {
        return reader.advance();
      }

      @Override
      public R current() {
        return type.cast(reader.current());
      }

      @Override
      public long count() throws IOException {
        return reader.count();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }

  /** Counts the slice's records by reading them (formats scan fast where they can). */
  public long countRecords() throws IOException {
    try (RecordReader<?> reader = newRecordReader()) {
      return reader.count();
    }
  }

  /**
   * Counts the slice's records and the format's other counters (such as bases); see {@link
   * FormatPlugin#summarize}.
   */
  public java.util.Map<String, Long> summarize() throws IOException {
    return formatPlugin().summarize(this, store());
  }

  /** The slice's content bytes (decompressed where the format is compressed), without header. */
  public InputStream openContent() throws IOException {
    return formatPlugin().newContentStream(this, store());
  }

  /** The object's header bytes, for formats that have one (empty otherwise). */
  public InputStream openHeader() throws IOException {
    return formatPlugin().newHeaderStream(this, store());
  }

  /** This slice as one line of JSON (well under 1 KB for the built-in formats). */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", JSON_VERSION);
    node.put("location", location);
    if (etag != null) {
      node.put("etag", etag);
    }
    node.put("format", format);
    node.put("index", index);
    node.put("count", count);
    ArrayNode rs = node.putArray("ranges");
    for (ByteRange r : ranges) {
      rs.addArray().add(r.offset()).add(r.length());
    }
    node.set("hint", JSON.valueToTree(hint));
    ObjectNode store = node.putObject("store");
    if (storeConfig.endpoint() != null) {
      store.put("endpoint", storeConfig.endpoint());
    }
    if (storeConfig.region() != null) {
      store.put("region", storeConfig.region());
    }
    store.put("path_style", storeConfig.pathStyle());
    store.put("max_attempts", storeConfig.maxAttempts());
    return node.toString();
  }

  /**
   * Parses a slice written by {@link #toJson()}. The hint is decoded as the type its format
   * declares, so the format must be on the class path.
   *
   * @throws IllegalArgumentException if the JSON is not a valid slice
   */
  public static DataSlice fromJson(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      int v = node.path("v").asInt(-1);
      if (v != JSON_VERSION) {
        throw new IllegalArgumentException("Unsupported slice JSON version: " + v);
      }
      String format = text(node, "format");
      FormatPlugin plugin = FormatRegistry.get().format(format);
      List<ByteRange> ranges = new ArrayList<>();
      for (JsonNode r : node.path("ranges")) {
        ranges.add(new ByteRange(r.get(0).asLong(), r.get(1).asLong()));
      }
      JsonNode store = node.path("store");
      StoreConfig config =
          new StoreConfig(
              store.hasNonNull("endpoint") ? store.get("endpoint").asText() : null,
              store.hasNonNull("region") ? store.get("region").asText() : null,
              store.path("path_style").asBoolean(false),
              store.path("max_attempts").asInt(StoreConfig.defaults().maxAttempts()));
      SliceHint hint = JSON.treeToValue(node.get("hint"), plugin.hintType());
      return new DataSlice(
          text(node, "location"),
          node.hasNonNull("etag") ? node.get("etag").asText() : null,
          format,
          node.path("index").asInt(),
          node.path("count").asInt(),
          Collections.unmodifiableList(ranges),
          hint,
          config);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not a valid slice JSON: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("Slice JSON has no '" + field + "'");
    }
    return v.asText();
  }

  @Override
  public String toString() {
    return format + " slice " + index + "/" + count + " of " + location + " " + ranges;
  }
}
