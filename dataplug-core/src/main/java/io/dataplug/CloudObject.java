package io.dataplug;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.dataplug.format.FormatInfo;
import io.dataplug.format.FormatPlugin;
import io.dataplug.format.FormatRegistry;
import io.dataplug.format.IndexView;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.SliceSpec;
import io.dataplug.index.IndexStore;
import io.dataplug.index.Manifest;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.ObjectRef;
import io.dataplug.slice.Partition;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectChangedException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.StoreConfig;
import io.dataplug.storage.StoreResolver;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The driver-side handle of one object in a given format: it preprocesses the object once into an
 * index stored alongside it, and cuts it into {@link DataSlice}s from that index as often as
 * needed, without reading data.
 *
 * <pre>{@code
 * CloudObject co = CloudObject.of("s3://bucket/reads.csv");
 * co.preprocess();                                  // once; the index lands in reads.csv.dataplug/
 * List<DataSlice> slices = co.partition("slices", 8);
 * }</pre>
 *
 * <p>Thread-safe. Construction does no I/O; the format is detected on first use when not given.
 */
public final class CloudObject {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CloudObject.class);
  private final ObjectLocation location;
  private final @Nullable String formatId;
  private final Map<String, String> options;
  private final StoreConfig config;
  private final StoreResolver stores;
  private final @Nullable ObjectLocation metadataRoot;
  private volatile @Nullable FormatPlugin format;
  private volatile @Nullable ObjectMetadata metadata;

  private CloudObject(Builder b) {
    this.location = b.location;
    this.formatId = b.format;
    this.options = Map.copyOf(b.options);
    this.config = b.config;
    this.stores = b.stores != null ? b.stores : ObjectStores.resolver(b.config);
    this.metadataRoot = b.metadataRoot;
  }

  /** An object whose format is detected from its name and first bytes; S3 settings from env. */
  public static CloudObject of(String location) {
    return builder(location).build();
  }

  /** An object in the named format; S3 settings from the environment. */
  public static CloudObject of(String location, String format) {
    return builder(location).format(format).build();
  }

  public static Builder builder(String location) {
    return new Builder(ObjectLocation.of(location));
  }

  public static Builder builder(ObjectLocation location) {
    return new Builder(location);
  }

  public ObjectLocation location() {
    return location;
  }

  public StoreConfig storeConfig() {
    return config;
  }

  /** The format options given (separator, quote, index spacing, ...). */
  public Map<String, String> options() {
    return options;
  }

  /** The object's store. */
  public ObjectStore store() {
    return stores.storeFor(location);
  }

  /** How this object's stores (and its index's) are found. */
  public StoreResolver stores() {
    return stores;
  }

  /** The format: as given, or detected from the name and first 4 KiB of the object. */
  public FormatPlugin format() throws IOException {
    FormatPlugin f = format;
    if (f == null) {
      if (formatId != null) {
        f = FormatRegistry.get().format(formatId);
      } else {
        long n = Math.min(4096, metadata().size());
        byte[] head;
        try (RangeReader reader = store().newReader(location, metadata().etag())) {
          head = reader.readFully(new ByteRange(0, n));
        }
        f = FormatRegistry.get().detect(location.toString(), location.fileName(), head);
      }
      format = f;
    }
    return f;
  }

  /** Size, ETag and last-modified time (one HEAD, then cached). */
  public ObjectMetadata metadata() throws IOException {
    ObjectMetadata m = metadata;
    return m != null ? m : fetchMetadata();
  }

  /** Size, ETag and last-modified time, fetched anew. */
  public ObjectMetadata fetchMetadata() throws IOException {
    ObjectMetadata m = store().metadata(location);
    metadata = m;
    return m;
  }

  /** Where this object's index is (or would be) kept. */
  public IndexStore indexStore() {
    return IndexStore.forObject(location, metadataRoot, stores);
  }

  /** The committed index, fresh or not, if there is one. */
  public Optional<Manifest> manifest() throws IOException {
    return indexStore().readManifest();
  }

  /**
   * The committed index's typed summary (the record type its format declares, e.g. {@code
   * RecordIndexSummary} for text formats), bound and validated.
   *
   * @throws IllegalStateException if the object has not been preprocessed
   * @throws io.dataplug.storage.MalformedDataException if the summary does not bind
   */
  public <T extends Record> T indexSummary(Class<T> type) throws IOException {
    IndexStore index = indexStore();
    Manifest m =
        index
            .readManifest()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No index for " + location + ": preprocess it first"));
    return new IndexView(location, m, index).summary(type);
  }

  /** Whether a committed index exists and still matches the object, format and options. */
  public boolean isPreprocessed() throws IOException {
    Optional<Manifest> m = manifest();
    return m.isPresent() && staleReason(m.get(), fetchMetadata()).isEmpty();
  }

  /** Builds the index unless a fresh one exists. */
  public Manifest preprocess() throws IOException {
    return preprocess(false, bytes -> {});
  }

  /**
   * Builds the index: reads the object once, writes the format's blobs into the sidecar folder and
   * then the manifest, the commit marker. Blobs of an earlier index are removed afterwards.
   *
   * @param force rebuild even if a fresh index exists
   * @param progress told how many source bytes the pass has consumed
   */
  public Manifest preprocess(boolean force, LongConsumer progress) throws IOException {
    return preprocess(force, progress, null, 1);
  }

  /** Runs the scans of chunks somewhere (an executor) and returns their summaries in order. */
  @FunctionalInterface
  public interface ChunkMapper {
    List<ParallelIndexing.ChunkSummary> map(List<ParallelIndexing.Chunk> chunks) throws IOException;
  }

  /**
   * Builds the index as a map + reduce where the format allows it: {@code mapper} scans {@code
   * chunks} chunks of the object in parallel (e.g. on an executor), then the summaries are combined
   * here. Formats or objects that need one sequential pass get it.
   */
  public Manifest preprocess(
      boolean force, LongConsumer progress, @Nullable ChunkMapper mapper, int chunks)
      throws IOException {
    IndexStore index = indexStore();
    Optional<Manifest> previous = index.readManifest();
    ObjectMetadata meta = fetchMetadata();
    if (!force && previous.isPresent() && staleReason(previous.get(), meta).isEmpty()) {
      return previous.get();
    }
    FormatPlugin f = format();
    String generation = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    Map<String, Manifest.Blob> blobs = new LinkedHashMap<>();
    Preprocessing job =
        new Preprocessing(
            location,
            meta,
            stores,
            config,
            options,
            (name, data) -> {
              String stored = name + "." + generation;
              index.put(stored, data);
              blobs.put(name, new Manifest.Blob(stored, data.length));
            },
            progress);
    boolean done = false;
    if (mapper != null && chunks > 1 && f instanceof ParallelIndexing parallel) {
      List<ParallelIndexing.Chunk> work = parallel.chunks(job, chunks);
      if (!work.isEmpty()) {
        try {
          if (parallel.twoPasses(work.get(0))) {
            work = parallel.secondPass(work, mapper.map(work));
          }
          parallel.combine(job, mapper.map(work));
          done = true;
        } catch (IOException | RuntimeException e) {
          // the chunks could not be scanned or did not fit together (e.g. records that cannot be
          // found mid-stream, such as wrapped FASTQ): one sequential pass instead, which reports
          // any real problem with the data itself
          LOG.warn("Chunked preprocessing of {} fell back to one pass: {}", location, e.toString());
          blobs.clear();
        }
      }
    }
    if (!done) {
      f.preprocess(job);
    }
    Manifest manifest =
        new Manifest(
            Manifest.LAYOUT_VERSION,
            f.id(),
            f.info().indexVersion(),
            new Manifest.Source(location.toString(), meta.size(), meta.etag(), meta.lastModified()),
            Instant.now().toString(),
            options,
            blobs,
            job.attributes(),
            job.summary() == null ? null : IndexView.summaryJson(job.summary()));
    index.writeManifest(manifest);
    if (previous.isPresent()) {
      for (Manifest.Blob old : previous.get().blobs().values()) {
        if (!blobs.containsValue(old)) {
          index.delete(old.name());
        }
      }
    }
    return manifest;
  }

  /**
   * Cuts the object into slices by a request given by name and number ({@code slices 8}, {@code
   * bytes 1048576}, {@code records 1000}, ...; see {@link PartitionRequest#of}), from the committed
   * index; reads no data.
   *
   * @throws IllegalStateException if the object has not been preprocessed
   * @throws ObjectChangedException if the object changed since it was preprocessed (stale index)
   * @throws IllegalArgumentException for an unknown or unsupported request, or a value out of range
   */
  public Partition partition(String request, long value) throws IOException {
    FormatInfo info = format().info();
    boolean known;
    try {
      known = info.requests().contains(PartitionRequest.Kind.named(request));
    } catch (IllegalArgumentException e) {
      known = false;
    }
    if (!known) {
      throw new IllegalArgumentException(
          "Format "
              + format().id()
              + " has no strategy '"
              + request
              + "' (it has: "
              + String.join(", ", info.requests().stream().map(PartitionRequest.Kind::id).toList())
              + ")");
    }
    return partition(PartitionRequest.of(request, value));
  }

  /**
   * Cuts the object into slices as {@code request} asks, from the committed index; reads no data.
   * No slice is empty: a request for more slices than the index has useful cut points gets fewer,
   * and the result's {@link Partition#shortfall()} says so.
   *
   * @throws IllegalStateException if the object has not been preprocessed
   * @throws ObjectChangedException if the object changed since it was preprocessed (stale index)
   * @throws IllegalArgumentException if the format does not support the request (the message lists
   *     what it supports) or the request is out of range for this object
   */
  public Partition partition(PartitionRequest request) throws IOException {
    requireNonNull(request, "request is null");
    FormatPlugin f = format();
    if (!f.info().supports(request)) {
      // name the kind it lacks: for a buffered level request, 'level', not 'buffer'
      PartitionRequest.Kind missing =
          f.info().requests().contains(request.kind())
              ? request.kinds().stream()
                  .filter(k -> !f.info().requests().contains(k))
                  .findFirst()
                  .orElseThrow()
              : request.kind();
      throw new IllegalArgumentException(
          "Format "
              + f.id()
              + " does not support '"
              + missing.id()
              + "' (it supports: "
              + String.join(
                  ", ", f.info().requests().stream().map(PartitionRequest.Kind::id).toList())
              + ")");
    }
    IndexStore index = indexStore();
    Manifest manifest =
        index
            .readManifest()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "No index for "
                            + location
                            + ": preprocess it first (dataplug preprocess "
                            + location
                            + ")"));
    Optional<String> stale = staleReason(manifest, fetchMetadata());
    if (stale.isPresent()) {
      throw new ObjectChangedException(
          "Stale index for "
              + location
              + ": "
              + stale.get()
              + "; preprocess it again with --force (or preprocess(true, ...))");
    }
    List<SliceSpec> specs = f.partition(new IndexView(location, manifest, index), request);
    ObjectRef primary = new ObjectRef(location.toString(), manifest.source().etag());
    List<DataSlice> slices = new ArrayList<>(specs.size());
    for (int i = 0; i < specs.size(); i++) {
      SliceSpec spec = specs.get(i);
      slices.add(
          new DataSlice(
              primary,
              spec.companions(),
              manifest.format(),
              i,
              specs.size(),
              spec.ranges(),
              spec.hint(),
              config));
    }
    return new Partition(
        slices, request instanceof PartitionRequest.Slices n ? n.count() : 0, location.toString());
  }

  /**
   * What is known about the object: its size and ETag, and the attributes its index recorded
   * (record count, header, ...), if it has been preprocessed.
   */
  public Map<String, String> attributes() throws IOException {
    Map<String, String> attrs = new LinkedHashMap<>();
    ObjectMetadata m = metadata();
    attrs.put("size", Long.toString(m.size()));
    if (m.etag() != null) {
      attrs.put("etag", m.etag());
    }
    Optional<Manifest> m2 = manifest();
    if (m2.isPresent()) {
      JsonNode summary = m2.get().summary();
      if (summary != null) {
        summary.fields().forEachRemaining(e -> attrs.put(e.getKey(), e.getValue().asText()));
      }
      attrs.putAll(m2.get().attributes());
    }
    return attrs;
  }

  /** Opens the whole object as bytes (for small objects and tools; slices are the parallel way). */
  public InputStream openStream() throws IOException {
    ObjectMetadata m = metadata();
    return store().newReader(location, m.etag()).stream(new ByteRange(0, m.size()));
  }

  private Optional<String> staleReason(Manifest manifest, ObjectMetadata now) throws IOException {
    Manifest.Source was = manifest.source();
    if (was.size() != now.size()) {
      return Optional.of(
          "the object changed since it was preprocessed (size "
              + was.size()
              + " → "
              + now.size()
              + ")");
    }
    if (was.etag() != null && !was.etag().equals(now.etag())) {
      return Optional.of(
          "the object changed since it was preprocessed (ETag "
              + was.etag()
              + " → "
              + now.etag()
              + ")");
    }
    FormatPlugin f = format();
    if (!manifest.format().equals(f.id()) || manifest.formatVersion() != f.info().indexVersion()) {
      return Optional.of(
          "it was built as "
              + manifest.format()
              + " v"
              + manifest.formatVersion()
              + ", not "
              + f.id()
              + " v"
              + f.info().indexVersion());
    }
    if (!manifest.options().equals(options)) {
      return Optional.of("it was built with options " + manifest.options() + ", not " + options);
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "CloudObject(" + location + (formatId == null ? "" : ", " + formatId) + ")";
  }

  /** Builds a {@link CloudObject}. */
  public static final class Builder {
    private final ObjectLocation location;
    private @Nullable String format;
    private final Map<String, String> options = new HashMap<>();
    private StoreConfig config = StoreConfig.fromEnvironment();
    private @Nullable ObjectLocation metadataRoot;
    private @Nullable StoreResolver stores;

    private Builder(ObjectLocation location) {
      this.location = requireNonNull(location, "location is null");
    }

    /** The format id; detected when not given. */
    public Builder format(@Nullable String formatId) {
      this.format = formatId;
      return this;
    }

    /** A format option, e.g. {@code separator} for CSV. */
    public Builder option(String name, String value) {
      options.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
      return this;
    }

    /** How to reach the store (S3 endpoint, region); default: from the environment. */
    public Builder storeConfig(StoreConfig storeConfig) {
      this.config = requireNonNull(storeConfig, "storeConfig is null");
      return this;
    }

    /**
     * How to find the stores of the object and its index (default: the shared stores for the store
     * configuration); a test passes its own to count or fake every request.
     */
    public Builder stores(StoreResolver resolver) {
      this.stores = requireNonNull(resolver, "resolver is null");
      return this;
    }

    /** Keep the index under this location instead of next to the object (read-only sources). */
    public Builder metadataLocation(@Nullable String root) {
      this.metadataRoot = root == null ? null : ObjectLocation.of(root);
      return this;
    }

    public CloudObject build() {
      return new CloudObject(this);
    }
  }
}
