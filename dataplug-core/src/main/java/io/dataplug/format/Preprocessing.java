package io.dataplug.format;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.StoreConfig;
import io.dataplug.storage.StoreResolver;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * What a format's preprocessor works with: the source object (read-only), its options, and a place
 * to put the index blobs and the attributes it finds. The core writes the manifest afterwards.
 */
public final class Preprocessing {
  /** Stores a named blob of the index. */
  @FunctionalInterface
  public interface BlobSink {
    void put(String name, byte[] data) throws IOException;
  }

  private final ObjectLocation location;
  private final ObjectMetadata metadata;
  private final StoreResolver stores;
  private final RangeReader reader;
  private final StoreConfig storeConfig;
  private final Map<String, String> options;
  private final BlobSink sink;
  private final LongConsumer progress;
  private final Map<String, String> attributes = new LinkedHashMap<>();
  private @Nullable Record summary;

  public Preprocessing(
      ObjectLocation location,
      ObjectMetadata metadata,
      StoreResolver stores,
      StoreConfig storeConfig,
      Map<String, String> options,
      BlobSink sink,
      @Nullable LongConsumer progress) {
    this.location = requireNonNull(location, "location is null");
    this.metadata = requireNonNull(metadata, "metadata is null");
    this.stores = requireNonNull(stores, "stores is null");
    this.reader = stores.storeFor(location).newReader(location, metadata.etag());
    this.storeConfig = requireNonNull(storeConfig, "storeConfig is null");
    this.options = Map.copyOf(options);
    this.sink = requireNonNull(sink, "sink is null");
    this.progress = progress == null ? bytes -> {} : progress;
  }

  public ObjectLocation location() {
    return location;
  }

  public ObjectMetadata metadata() {
    return metadata;
  }

  /** How workers reach the object (for chunked preprocessing). */
  public StoreConfig storeConfig() {
    return storeConfig;
  }

  public Map<String, String> options() {
    return options;
  }

  /** Positional reads of the object, pinned to its ETag. */
  public RangeReader reader() {
    return reader;
  }

  /** Opens the whole object (pinned to its ETag), for the one sequential pass. */
  public InputStream openObject() throws IOException {
    return reader.stream(new ByteRange(0, metadata.size()));
  }

  /** Opens a range of the object (pinned to its ETag). */
  public InputStream openRange(ByteRange range) throws IOException {
    return reader.stream(range);
  }

  /**
   * Reads a small companion object next to the source ({@code <key><suffix>}, e.g. an existing
   * {@code .fai}, {@code .gzi} or {@code .tbi}), if there is one.
   *
   * @throws MalformedDataException if it is larger than {@code maxBytes}
   */
  public java.util.Optional<byte[]> readSibling(String suffix, long maxBytes) throws IOException {
    ObjectLocation sibling = location.sibling(location.fileName() + suffix);
    ObjectStore store = stores.storeFor(sibling);
    long size;
    try {
      size = store.metadata(sibling).size();
    } catch (java.io.FileNotFoundException e) {
      return java.util.Optional.empty();
    }
    if (size > maxBytes) {
      throw new MalformedDataException(
          "Companion file too large: " + sibling + " (" + size + " bytes)");
    }
    try (RangeReader companion = store.newReader(sibling, null)) {
      return java.util.Optional.of(companion.readFully(new ByteRange(0, size)));
    }
  }

  /**
   * A companion object in the same folder as the source (an imzML's {@code .ibd}, a point table's
   * data), for formats whose slices read two objects: its location and metadata (one HEAD), so the
   * index can pin slices to its ETag.
   *
   * @param fileName the companion's file name, e.g. {@code run.ibd}
   * @throws java.io.FileNotFoundException naming it if it does not exist
   */
  public Companion companion(String fileName) throws IOException {
    ObjectLocation sibling = location.sibling(fileName);
    return new Companion(sibling, stores.storeFor(sibling).metadata(sibling));
  }

  /**
   * A companion object and what a HEAD of it told.
   *
   * @param location where it is
   * @param metadata its size and ETag
   */
  public record Companion(ObjectLocation location, ObjectMetadata metadata) {}

  /** Stores a blob of the index under {@code name}. */
  public void putBlob(String name, byte[] data) throws IOException {
    sink.put(name, data);
  }

  /**
   * Records the index's typed summary (a record of the format's own, bound again by {@link
   * IndexView#summary} when slices are planned; its fields are shown by {@code
   * CloudObject.attributes()}).
   */
  public void summary(Record summary) {
    this.summary = requireNonNull(summary, "summary is null");
  }

  /** The summary recorded so far, if any. */
  public <T extends Record> java.util.Optional<T> summaryIfSet(Class<T> type) {
    return type.isInstance(summary)
        ? java.util.Optional.of(type.cast(summary))
        : java.util.Optional.empty();
  }

  /** The summary recorded, or null. */
  public @Nullable Record summary() {
    return summary;
  }

  /** Records a note for people in the manifest (shown by {@code CloudObject.attributes()}). */
  public void attribute(String key, Object value) {
    attributes.put(key, String.valueOf(value));
  }

  /** Reports that the pass has consumed {@code bytes} of the source so far. */
  public void progress(long bytes) {
    progress.accept(bytes);
  }

  public Map<String, String> attributes() {
    return Map.copyOf(attributes);
  }
}
