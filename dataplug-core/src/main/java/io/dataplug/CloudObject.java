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
import io.dataplug.index.DamagedIndexException;
import io.dataplug.index.IndexFormatMismatchException;
import io.dataplug.index.IndexOptionsMismatchException;
import io.dataplug.index.IndexStore;
import io.dataplug.index.Manifest;
import io.dataplug.index.StaleIndexException;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.ObjectRef;
import io.dataplug.slice.Partition;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
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
 * Slices are pinned to the ETag the index recorded: reading one after the object was replaced fails
 * with {@link io.dataplug.storage.ObjectChangedException}.
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
    return IndexStore.forObject(location, metadataRoot, stores, rebuildCommand(options));
  }

  /**
   * The command line that rebuilds this object's index with {@code opts}, for messages: {@code
   * dataplug preprocess --force [--format F] [-o K=V ...] [--metadata-location M] URI}.
   */
  String rebuildCommand(Map<String, String> opts) {
    StringBuilder b = new StringBuilder("dataplug preprocess --force");
    if (formatId != null) {
      b.append(" --format ").append(formatId);
    }
    new java.util.TreeMap<>(opts)
        .forEach((k, v) -> b.append(" -o ").append(shellWord(k + "=" + v)));
    if (metadataRoot != null) {
      b.append(" --metadata-location ").append(shellWord(metadataRoot.toString()));
    }
    return b.append(' ').append(shellWord(location.toString())).toString();
  }

  /** {@code word} quoted for a POSIX shell when it holds anything but plain characters. */
  private static String shellWord(String word) {
    if (word.matches("[A-Za-z0-9_./:=,+@%-]+")) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
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

  /**
   * Whether a committed index exists and still matches the object, format and options.
   *
   * @throws io.dataplug.index.DamagedIndexException if the index exists but cannot be read
   */
  public boolean isPreprocessed() throws IOException {
    Optional<Manifest> m = manifest();
    if (m.isEmpty()) {
      return false;
    }
    try {
      checkMatches(m.get(), fetchMetadata());
      return true;
    } catch (StaleIndexException | IndexFormatMismatchException | IndexOptionsMismatchException e) {
      return false;
    }
  }

  /** Builds the index unless a fresh one exists; the same as {@code preprocess(ifNeeded())}. */
  public Manifest preprocess() throws IOException {
    return preprocess(PreprocessOptions.ifNeeded());
  }

  /** Runs the scans of chunks somewhere (an executor) and returns their summaries in order. */
  @FunctionalInterface
  public interface ChunkMapper {
    List<ParallelIndexing.ChunkSummary> map(List<ParallelIndexing.Chunk> chunks) throws IOException;
  }

  /**
   * Builds the index: reads the object once (or scans chunks of it in parallel, see {@link
   * PreprocessOptions#withChunks}), writes the format's blobs into the sidecar folder and then the
   * manifest, the commit marker. Unless {@link PreprocessOptions#force()} is asked for, a fresh
   * index is kept; a stale one, or one built for other options or another format, is rebuilt. Blobs
   * of earlier (or concurrent, losing) builds are removed afterwards.
   *
   * @throws io.dataplug.format.UnknownOptionException if an option is not one the format has
   *     (checked before anything is read or stored)
   * @throws io.dataplug.index.DamagedIndexException if the existing index cannot be read and {@code
   *     force} was not asked for
   */
  public Manifest preprocess(PreprocessOptions how) throws IOException {
    requireNonNull(how, "how is null");
    IndexStore index = indexStore();
    FormatPlugin f = format();
    f.info().checkOptions(f.id(), options);
    Optional<Manifest> previous;
    try {
      previous = index.readManifest();
    } catch (DamagedIndexException e) {
      if (!how.forced()) {
        throw e;
      }
      LOG.warn("Rebuilding the damaged index of {}: {}", location, e.getMessage());
      previous = Optional.empty();
    } catch (IndexFormatMismatchException e) {
      LOG.debug("Rebuilding the index of {}: {}", location, e.getMessage());
      previous = Optional.empty();
    }
    ObjectMetadata meta = fetchMetadata();
    if (!how.forced() && previous.isPresent()) {
      try {
        checkMatches(previous.get(), meta);
        return previous.get();
      } catch (StaleIndexException
          | IndexFormatMismatchException
          | IndexOptionsMismatchException e) {
        LOG.debug("Rebuilding the index of {}: {}", location, e.getMessage());
      }
    }
    LongConsumer progress = how.progress();
    ChunkMapper mapper = how.mapper();
    int chunks = how.chunks();
    Map<String, String> indexOptions = indexOptions(f, options);
    String generation = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    Map<String, Manifest.Blob> blobs = new LinkedHashMap<>();
    Preprocessing job =
        new Preprocessing(
            location,
            meta,
            stores,
            config,
            indexOptions,
            (name, data) -> {
              String stored = name + "." + generation;
              index.put(stored, data);
              blobs.put(name, Manifest.Blob.of(stored, data));
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
            indexOptions,
            blobs,
            job.attributes(),
            job.summary() == null ? null : IndexView.summaryJson(job.summary()),
            generation,
            null);
    return index.commit(manifest, previous.orElse(null));
  }

  /** The options as they shape the index: those given with their default value left out. */
  private static Map<String, String> indexOptions(FormatPlugin f, Map<String, String> given) {
    Map<String, String> defaults = f.optionDefaults();
    Map<String, String> out = new java.util.TreeMap<>();
    given.forEach(
        (k, v) -> {
          if (!v.equals(defaults.get(k))) {
            out.put(k, v);
          }
        });
    return out;
  }

  /**
   * Cuts the object into slices by a request given by name and number ({@code slices 8}, {@code
   * bytes 1048576}, {@code records 1000}, ...; see {@link PartitionRequest#of}), from the committed
   * index; reads no data.
   *
   * @throws IllegalStateException if the object has not been preprocessed
   * @throws StaleIndexException if the object changed since it was preprocessed
   * @throws IndexFormatMismatchException if the index was built for another format or layout
   * @throws IndexOptionsMismatchException if it was built with other options that shape it
   * @throws DamagedIndexException if the index cannot be read as stored
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
   * @throws StaleIndexException if the object changed since it was preprocessed
   * @throws IndexFormatMismatchException if the index was built for another format or layout
   * @throws IndexOptionsMismatchException if it was built with other options that shape it
   * @throws DamagedIndexException if the index cannot be read as stored
   * @throws IllegalArgumentException if the format does not support the request (the message lists
   *     what it supports) or the request is out of range for this object
   */
  public Partition partition(PartitionRequest request) throws IOException {
    requireNonNull(request, "request is null");
    FormatPlugin f = format();
    Optional<String> refusal = f.info().refusal(request);
    if (refusal.isPresent()) {
      throw new IllegalArgumentException("Format " + f.id() + " " + refusal.get());
    }
    f.info().checkOptions(f.id(), options);
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
    checkMatches(manifest, fetchMetadata());
    List<SliceSpec> specs;
    try {
      specs = f.partition(new IndexView(location, manifest, index), request);
    } catch (DamagedIndexException e) {
      throw e;
    } catch (MalformedDataException e) {
      // partitioning reads only the index, never the data: what fails to parse is the index
      throw index.damaged(index.folder(), String.valueOf(e.getMessage()), e);
    }
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

  /**
   * Checks that {@code manifest} describes the object as it is now, in the format and with the
   * options asked for.
   */
  private void checkMatches(Manifest manifest, ObjectMetadata now) throws IOException {
    Manifest.Source was = manifest.source();
    String change = null;
    if (was.size() != now.size()) {
      change = "size " + was.size() + " → " + now.size();
    } else if (was.etag() != null && !was.etag().equals(now.etag())) {
      change = "ETag " + was.etag() + " → " + now.etag();
    }
    if (change != null) {
      throw new StaleIndexException(
          "Stale index for "
              + location
              + ": the object changed since it was preprocessed ("
              + change
              + "); rebuild it with: "
              + rebuildCommand(options));
    }
    FormatPlugin f = format();
    if (!manifest.format().equals(f.id())) {
      throw new IndexFormatMismatchException(
          "The index of "
              + location
              + " was built for format "
              + manifest.format()
              + ", not "
              + f.id()
              + ": use --format "
              + manifest.format()
              + ", or rebuild it for "
              + f.id()
              + " with: "
              + rebuildCommand(options));
    }
    if (manifest.formatVersion() != f.info().indexVersion()) {
      throw new IndexFormatMismatchException(
          "The index of "
              + location
              + " was built by another version of dataplug (its "
              + f.id()
              + " index layout is "
              + manifest.formatVersion()
              + ", this version reads "
              + f.info().indexVersion()
              + "): rebuild it with: "
              + rebuildCommand(options));
    }
    Map<String, String> asked = indexOptions(f, options);
    Map<String, String> built = manifest.options();
    java.util.SortedSet<String> names = new java.util.TreeSet<>(asked.keySet());
    names.addAll(built.keySet());
    for (String name : names) {
      String a = asked.get(name);
      String b = built.get(name);
      if (!java.util.Objects.equals(a, b)) {
        throw new IndexOptionsMismatchException(
            name,
            "The index of "
                + location
                + " was built with "
                + describe(f, name, b)
                + ", but this command asks for "
                + describe(f, name, a)
                + ": rebuild it with: "
                + rebuildCommand(options)
                + (b == null
                    ? ", or leave out -o " + name
                    : ", or use the index as built with -o " + shellWord(name + "=" + b)));
      }
    }
  }

  /** An option's value in command-line words: {@code -o name=value}, or its default. */
  private static String describe(FormatPlugin f, String name, @Nullable String value) {
    if (value != null) {
      return "-o " + shellWord(name + "=" + value);
    }
    String d = f.optionDefaults().get(name);
    return "no -o " + name + (d == null ? " (its default)" : " (default " + d + ")");
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
