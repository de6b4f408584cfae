package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.formats.geospatial.las.LasFormat.LasTileHint;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM's cache of decoded LAZ chunks: tiles read concurrently hold exactly the points laszip4j's
 * own reader gives for their boxes (the cache changes who decodes, never what a tile holds), a
 * chunk several threads ask for at once is decoded once, the cache stays within its bytes, and a
 * changed object (another ETag) never gets the points of its previous version.
 */
class LazChunkCacheTest {
  private static final Fixtures.Truth AUTZEN = Fixtures.LAZ.get(0); // autzen_trim.laz, 110,000
  @TempDir Path dir;

  /** A small batch of {@code n} points of format 0 whose x is {@code x}. */
  private static PointBatch batch(int n, int x) {
    ByteBuffer records = ByteBuffer.allocate(20 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      records.putInt(20 * i, x);
    }
    return LasPoints.decode(
        0, 20, new Xyz(1, 1, 1), new Xyz(0, 0, 0), records.array(), 0, n, PointColumn.all());
  }

  private static LazChunkCache.Lookup get(
      LazChunkCache cache, String etag, long offset, int readers, LazChunkCache.Decoder decoder)
      throws IOException {
    return cache.get("s3://b/k.laz", etag, offset, 100, 10, PointColumn.all(), readers, decoder);
  }

  /**
   * The tiles of a buffered 3×3 grid over autzen_trim.laz (3 chunks, each read by several tiles),
   * read on 4 threads at once, each hold exactly the points laszip4j decodes in their box (own) and
   * within 20 units of it (buffer); every chunk is decoded once, the other reads are served by the
   * cache.
   */
  @Test
  void concurrentTilesHoldTheirPointsAndDecodeEachChunkOnce() throws Exception {
    Path copy = dir.resolve("autzen_trim.laz");
    Files.copy(Fixtures.path(AUTZEN.file()), copy);
    LasHeader header = LasHeader.read(Fixtures.reader(AUTZEN.file()));
    PointOracle oracle = PointOracle.read(copy, (int) AUTZEN.points(), AUTZEN.format(), 0);
    CloudObject co = CloudObject.of(ObjectLocation.ofPath(copy).toString(), "las");
    co.preprocess();
    List<DataSlice> slices =
        co.partition(new PartitionRequest.Buffered(new PartitionRequest.TileGrid(3, 3), 20));
    Set<Long> chunks = new HashSet<>();
    int reads = 0;
    for (DataSlice s : slices) {
      for (ByteRange r : s.rangesOf(0)) {
        chunks.add(r.offset());
        reads++;
      }
    }
    assertThat(reads).as("chunks are read by several tiles").isGreaterThan(chunks.size());

    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Map<String, Integer>>> tiles = new ArrayList<>();
    List<Future<Map<String, Long>>> counts = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    try {
      for (DataSlice s : slices) {
        tiles.add(
            pool.submit(
                () -> {
                  start.await();
                  Map<String, Integer> got = new HashMap<>();
                  try (var reader = Slices.newRecordReader(s, LasTile.class)) {
                    while (reader.advance()) {
                      for (TilePoints.Item i : TilePoints.items(reader.current(), header)) {
                        got.merge((i.buffer() ? "b " : "o ") + i.key(), 1, Integer::sum);
                      }
                    }
                  }
                  return got;
                }));
      }
      start.countDown();
      for (int t = 0; t < slices.size(); t++) {
        LasTileHint hint = slices.get(t).hint(LasTileHint.class);
        Map<String, Integer> want = new HashMap<>();
        for (int i = 0; i < oracle.size; i++) {
          double x = oracle.xs[i] * header.scale().x() + header.offset().x();
          double y = oracle.ys[i] * header.scale().y() + header.offset().y();
          boolean own = hint.owns(x, y);
          boolean near =
              x >= hint.minX() - 20
                  && x <= hint.maxX() + 20
                  && y >= hint.minY() - 20
                  && y <= hint.maxY() + 20;
          if (own || near) {
            want.merge((own ? "o " : "b ") + TilePoints.oracleKey(oracle, i), 1, Integer::sum);
          }
        }
        assertThat(tiles.get(t).get(60, TimeUnit.SECONDS)).as("tile %d", t).isEqualTo(want);
      }
      // the summaries count what the cache did: all tiles ran in this JVM, so each chunk was
      // decoded once and every other read was served decoded
      CountDownLatch again = new CountDownLatch(1);
      for (DataSlice s : slices) {
        counts.add(
            pool.submit(
                () -> {
                  again.await();
                  return Slices.summary(s).counts();
                }));
      }
      again.countDown();
      long decoded = 0;
      long cached = 0;
      for (Future<Map<String, Long>> f : counts) {
        Map<String, Long> c = f.get(60, TimeUnit.SECONDS);
        decoded += c.get("chunks_decoded");
        cached += c.get("chunks_cached");
      }
      assertThat(decoded).as("chunks decoded").isEqualTo(chunks.size());
      assertThat(cached).as("chunk reads served by the cache").isEqualTo(reads - chunks.size());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Threads asking for a chunk being decoded wait for it: one decode, then shared points. */
  @Test
  void aChunkAskedForAtOnceIsDecodedOnce() throws Exception {
    LazChunkCache cache = new LazChunkCache(1 << 20);
    int threads = 6;
    AtomicInteger decodes = new AtomicInteger();
    CountDownLatch asked = new CountDownLatch(threads);
    PointBatch points = batch(10, 7);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<LazChunkCache.Lookup>> lookups = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        lookups.add(
            pool.submit(
                () -> {
                  asked.countDown();
                  return get(
                      cache,
                      "e1",
                      0,
                      threads,
                      () -> {
                        decodes.incrementAndGet();
                        try {
                          // every thread has asked (the others are waiting in the cache)
                          asked.await();
                          Thread.sleep(200);
                        } catch (InterruptedException e) {
                          throw new IllegalStateException(e);
                        }
                        return points;
                      });
                }));
      }
      int fromCache = 0;
      for (Future<LazChunkCache.Lookup> f : lookups) {
        LazChunkCache.Lookup l = f.get(30, TimeUnit.SECONDS);
        assertThat(l.points()).isSameAs(points);
        fromCache += l.cached() ? 1 : 0;
      }
      assertThat(decodes).hasValue(1);
      assertThat(fromCache).isEqualTo(threads - 1);
      // all its readers took it: it is dropped
      assertThat(cache.size()).isZero();
      assertThat(cache.stats().heldBytes()).isZero();
      assertThat(cache.stats().cached()).isEqualTo(threads - 1);
    } finally {
      pool.shutdownNow();
    }
  }

  /** A failed decode is not kept: the next reader decodes again and meets its own error. */
  @Test
  void aFailedDecodeIsNotKept() throws Exception {
    LazChunkCache cache = new LazChunkCache(1 << 20);
    assertThatThrownBy(
            () ->
                get(
                    cache,
                    "e1",
                    0,
                    2,
                    () -> {
                      throw new MalformedDataException("bad chunk at byte 0");
                    }))
        .isInstanceOf(MalformedDataException.class);
    assertThat(cache.size()).isZero();
    PointBatch points = batch(3, 1);
    assertThat(get(cache, "e1", 0, 2, () -> points).points()).isSameAs(points);
  }

  /**
   * The cache holds at most its bytes: the least recently used chunks go first (counted), and a
   * chunk larger than the whole cache is not kept; chunks read by one slice only are never kept.
   */
  @Test
  void theCacheStaysWithinItsBytes() throws Exception {
    long each = batch(1000, 0).bytes();
    LazChunkCache cache = new LazChunkCache(2 * each + each / 2);
    AtomicInteger decodes = new AtomicInteger();
    for (int c = 0; c < 5; c++) {
      int x = c;
      get(
          cache,
          "e1",
          c * 100L,
          3,
          () -> {
            decodes.incrementAndGet();
            return batch(1000, x);
          });
      assertThat(cache.stats().heldBytes()).isLessThanOrEqualTo(2 * each + each / 2);
    }
    assertThat(cache.size()).isEqualTo(2);
    assertThat(cache.stats().evicted()).isEqualTo(3);
    // the last two are held, the first was dropped
    assertThat(get(cache, "e1", 400, 3, () -> batch(1000, -1)).cached()).isTrue();
    assertThat(get(cache, "e1", 300, 3, () -> batch(1000, -1)).cached()).isTrue();
    assertThat(get(cache, "e1", 0, 3, () -> batch(1000, -1)).points().x()[0]).isEqualTo(-1);
    // too large for the cache, or read by one slice only: decoded, not kept
    LazChunkCache small = new LazChunkCache(each / 2);
    get(small, "e1", 0, 3, () -> batch(1000, 0));
    get(cache, "e1", 900, 1, () -> batch(1000, 0));
    assertThat(small.size()).isZero();
    assertThat(get(cache, "e1", 900, 1, () -> batch(1000, 5)).cached()).isFalse();
    // 0 bytes: off
    LazChunkCache off = new LazChunkCache(0);
    get(off, "e1", 0, 3, () -> batch(10, 0));
    assertThat(get(off, "e1", 0, 3, () -> batch(10, 1)).cached()).isFalse();
    assertThat(off.size()).isZero();
  }

  /** Another ETag is another object: its chunks are decoded anew; no ETag, no caching. */
  @Test
  void anotherEtagIsNotServedThePreviousPoints() throws Exception {
    LazChunkCache cache = new LazChunkCache(1 << 20);
    get(cache, "e1", 0, 3, () -> batch(10, 1));
    assertThat(get(cache, "e2", 0, 3, () -> batch(10, 2)).points().x()[0]).isEqualTo(2);
    assertThat(get(cache, "e1", 0, 3, () -> batch(10, -1)).points().x()[0]).isEqualTo(1);
    get(cache, null, 64, 3, () -> batch(10, 3));
    assertThat(get(cache, null, 64, 3, () -> batch(10, 4)).cached()).isFalse();
  }

  /**
   * End to end: tiles of a LAZ are read in part (its shared chunks stay in the JVM's cache), then
   * the file is rewritten with the same chunks under a header whose x offset is 1000 larger
   * (another ETag). The tiles of the new version hold the points laszip4j decodes from the new
   * file, not the cached ones of the old.
   */
  @Test
  void aRewrittenObjectIsNotServedItsOldPoints() throws Exception {
    Path file = dir.resolve("rewritten.laz");
    byte[] bytes = Files.readAllBytes(Fixtures.path(AUTZEN.file()));
    Files.write(file, bytes);
    CloudObject co = CloudObject.of(ObjectLocation.ofPath(file).toString(), "las");
    co.preprocess();
    // one tile of each: the chunks it shares with the others stay cached for them
    DataSlice first = co.partition(new PartitionRequest.TileGrid(2, 2)).get(0);
    List<Integer> readers = first.hint(LasTileHint.class).readers();
    long shared = readers.stream().filter(r -> r > 1).count();
    assertThat(shared).as("chunks the first tile shares").isPositive();
    assertThat(Slices.summary(first).counts())
        .containsEntry("chunks_decoded", (long) readers.size())
        .containsEntry("chunks_cached", 0L);

    // the x offset of a LAS header is the double at byte 155
    ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    header.putDouble(155, header.getDouble(155) + 1000);
    Files.write(file, bytes);
    Files.setLastModifiedTime(
        file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 5000));
    PointOracle oracle = PointOracle.read(file, (int) AUTZEN.points(), AUTZEN.format(), 0);
    LasHeader h = LasHeader.read(Fixtures.reader(AUTZEN.file()));
    CloudObject changed = CloudObject.of(ObjectLocation.ofPath(file).toString(), "las");
    changed.preprocess();
    DataSlice again = changed.partition(new PartitionRequest.TileGrid(2, 2)).get(0);
    LasTileHint hint = again.hint(LasTileHint.class);
    double ox = h.offset().x() + 1000;
    double minX = Double.POSITIVE_INFINITY;
    for (int i = 0; i < oracle.size; i++) {
      double x = oracle.xs[i] * h.scale().x() + ox;
      if (hint.owns(x, oracle.ys[i] * h.scale().y() + h.offset().y())) {
        minX = Math.min(minX, x);
      }
    }
    assertThat(again.objects().get(0).etag()).isNotEqualTo(first.objects().get(0).etag());
    double gotMin = Double.POSITIVE_INFINITY;
    try (var reader = Slices.newRecordReader(again, LasTile.class)) {
      while (reader.advance()) {
        for (double x : reader.current().points().x()) {
          gotMin = Math.min(gotMin, x);
        }
      }
    }
    assertThat(gotMin).as("the new version's smallest x in the tile (laszip4j)").isEqualTo(minX);
    // read again: its shared chunks now come from the cache
    assertThat(Slices.summary(again).counts()).containsEntry("chunks_cached", shared);
  }
}
