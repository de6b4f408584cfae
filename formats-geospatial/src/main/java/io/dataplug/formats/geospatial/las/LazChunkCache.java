package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Decoded LAZ chunks kept in this JVM for the other slices that read them. On a tiled LAZ a chunk
 * on a tile's edge is read by every tile it meets; the slices that run in one JVM (the threads of
 * the {@code localhost} backend, a process worker, a warm function instance) decode it once.
 *
 * <p>Only chunks that the partition says several slices read are kept ({@link
 * LasFormat.LasTileHint#readers()}), each until all its readers have taken it or, when some of them
 * run elsewhere, until the cache is full (then the least recently used goes first). A chunk that
 * one thread is decoding is awaited by the others, not decoded again; if that decode fails, each
 * waiting thread decodes the chunk itself and meets its own error. Entries are keyed by the object,
 * the ETag its slices are pinned to, the chunk's range and point count and the columns decoded, so
 * another version of the object never gets these points; an object without an ETag is not cached.
 * The batches handed out are shared: their arrays must not be modified (as {@link PointBatch}
 * says).
 *
 * <p>The bound is the system property {@value #PROPERTY} (bytes of decoded columns; 0 turns the
 * cache off); by default an eighth of the maximum heap, at most 256 MiB. Thread-safe.
 */
public final class LazChunkCache {
  /** The system property that sets the cache's size in bytes (0: off). */
  public static final String PROPERTY = "dataplug.las.chunkCacheBytes";

  private static final LazChunkCache SHARED = new LazChunkCache(configuredBytes());

  private final long capacity;
  private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long held;
  private final LongAdder decoded = new LongAdder();
  private final LongAdder decodedPoints = new LongAdder();
  private final LongAdder cached = new LongAdder();
  private final LongAdder cachedPoints = new LongAdder();
  private final LongAdder evicted = new LongAdder();

  /** A cache of at most {@code capacity} bytes of decoded columns (0: nothing is kept). */
  LazChunkCache(long capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("capacity is negative: " + capacity);
    }
    this.capacity = capacity;
  }

  /** The cache the LAZ readers of this JVM share. */
  public static LazChunkCache shared() {
    return SHARED;
  }

  private static long configuredBytes() {
    long byDefault = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      return byDefault;
    }
    try {
      return Math.max(0, Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + PROPERTY + " is not a number of bytes: '" + value + "'", e);
    }
  }

  /**
   * A chunk's identity: the object and the version its slice is pinned to, the chunk's bytes and
   * point count, and the columns decoded.
   */
  record Key(
      String object, String etag, long offset, long length, long points, Set<PointColumn> columns) {
    Key {
      requireNonNull(object, "object is null");
      requireNonNull(etag, "etag is null");
      columns = Set.copyOf(columns);
    }
  }

  /** Decodes a chunk. */
  @FunctionalInterface
  interface Decoder {
    PointBatch decode() throws IOException;
  }

  /**
   * A chunk's points and whether they came from the cache (decoded by another slice).
   *
   * @param points the decoded chunk (shared: do not modify)
   * @param cached true if another slice decoded it
   */
  record Lookup(PointBatch points, boolean cached) {}

  /**
   * What the cache has done since it was made.
   *
   * @param decoded chunks decoded by the slice that read them
   * @param decodedPoints their points
   * @param cached chunks taken decoded from the cache (or from the thread decoding them)
   * @param cachedPoints their points
   * @param evicted chunks dropped for room before all their readers took them
   * @param heldBytes the bytes of decoded columns held now
   */
  public record Stats(
      long decoded,
      long decodedPoints,
      long cached,
      long cachedPoints,
      long evicted,
      long heldBytes) {}

  /** The counters so far. */
  public Stats stats() {
    synchronized (this) {
      return new Stats(
          decoded.sum(),
          decodedPoints.sum(),
          cached.sum(),
          cachedPoints.sum(),
          evicted.sum(),
          held);
    }
  }

  /** How many chunks are held or being decoded. */
  synchronized int size() {
    return entries.size();
  }

  /**
   * The chunk's points: from the cache, or decoded here (and kept for its other readers if {@code
   * readers} is above 1 and the object has an ETag).
   *
   * @param etag the ETag the reading slice is pinned to, or null (then nothing is cached)
   * @param readers how many slices of the partition read the chunk
   * @throws IOException as {@code decoder} throws it
   */
  Lookup get(
      String object,
      @Nullable String etag,
      long offset,
      long length,
      long points,
      Set<PointColumn> columns,
      int readers,
      Decoder decoder)
      throws IOException {
    if (capacity == 0 || readers < 2 || etag == null) {
      return new Lookup(decode(decoder), false);
    }
    Key key = new Key(object, etag, offset, length, points, columns);
    Entry entry;
    boolean decodeHere;
    synchronized (this) {
      Entry found = entries.get(key);
      decodeHere = found == null;
      entry = found == null ? new Entry(readers) : found;
      if (decodeHere) {
        entries.put(key, entry);
      }
      entry.taken++;
      if (!decodeHere && entry.done && entry.taken >= entry.readers) {
        remove(key, entry);
      }
    }
    if (decodeHere) {
      PointBatch batch;
      try {
        batch = decode(decoder);
      } catch (IOException | RuntimeException | Error e) {
        synchronized (this) {
          entries.remove(key, entry);
        }
        entry.points.completeExceptionally(e);
        throw e;
      }
      synchronized (this) {
        entry.done = true;
        if (entries.get(key) == entry) {
          entry.bytes = batch.bytes();
          if (entry.taken >= entry.readers || entry.bytes > capacity) {
            entries.remove(key);
          } else {
            held += entry.bytes;
            makeRoom(entry);
          }
        }
      }
      entry.points.complete(batch);
      return new Lookup(batch, false);
    }
    PointBatch batch;
    try {
      batch = entry.points.get();
    } catch (ExecutionException e) {
      // the decoding thread failed; this slice decodes the chunk itself and meets its own error
      return new Lookup(decode(decoder), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(
          "interrupted waiting for chunk at byte " + offset + " of " + object);
    }
    cached.increment();
    cachedPoints.add(batch.size());
    return new Lookup(batch, true);
  }

  private PointBatch decode(Decoder decoder) throws IOException {
    PointBatch batch = decoder.decode();
    decoded.increment();
    decodedPoints.add(batch.size());
    return batch;
  }

  /** Removes a decoded entry (holding the lock). */
  private void remove(Key key, Entry entry) {
    if (entries.remove(key, entry)) {
      held -= entry.bytes;
    }
  }

  /** Drops the least recently used decoded entries but {@code keep} while over the bound. */
  private void makeRoom(Entry keep) {
    Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
    while (held > capacity && it.hasNext()) {
      Entry e = it.next().getValue();
      if (e.done && e != keep) {
        it.remove();
        held -= e.bytes;
        evicted.increment();
      }
    }
  }

  /** A chunk being decoded or held; its counters are guarded by the cache. */
  private static final class Entry {
    final CompletableFuture<PointBatch> points = new CompletableFuture<>();
    final int readers;
    int taken;
    boolean done;
    long bytes;

    Entry(int readers) {
      this.readers = readers;
    }
  }
}
