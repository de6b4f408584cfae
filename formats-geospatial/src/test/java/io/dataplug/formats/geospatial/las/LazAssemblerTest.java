package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.Chunks;
import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.Slices;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.format.RecordReader;
import io.dataplug.index.Manifest;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.StoreConfig;
import io.dataplug.storage.local.LocalObjectStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LAZ files assembled from shifted copies of real chunks ({@link LazAssembler}), checked with
 * laszip4j's own sequential reader: each copy holds the source's points, moved by whole grid steps
 * and otherwise unchanged; the {@code las} format tiles such a file exactly as laszip4j's points
 * fall into the same grid; and its index built as a map + reduce over groups of chunks is the one
 * pass's, byte for byte.
 */
class LazAssemblerTest {

  @Test
  void everyChunkCopyHoldsTheSourcePointsMovedByWholeSteps(@TempDir Path tmp) throws Exception {
    Path source = Fixtures.path("copc/1.2-with-color.copc.laz");
    LazAssembler.Assembled a = LazAssembler.assemble(source, 3, tmp.resolve("color-x3.laz"));
    assertThat(a.points()).isEqualTo(3 * 1065);
    assertThat(a.chunks()).isEqualTo(3 * 65);
    List<LazChunk> sourceChunks;
    try (var r = reader(source)) {
      sourceChunks = LazChunkTable.read(r, LasHeader.read(r)).chunks();
    }
    PointOracle src = PointOracle.read(source, 1065, 7, 0);
    PointOracle out = PointOracle.read(a.file(), 3 * 1065, 7, 0);
    int i = 0;
    for (int k = 0; k < a.chunks(); k++) {
      LazChunk chunk = sourceChunks.get(k % sourceChunks.size());
      for (long j = 0; j < chunk.pointCount(); j++, i++) {
        int s = (int) (chunk.firstPoint() + j);
        String what = "point " + i + " (chunk " + k + ", source point " + s + ")";
        assertThat(out.xs[i]).as(what).isEqualTo(src.xs[s] + k % a.columns() * a.stepX());
        assertThat(out.ys[i]).as(what).isEqualTo(src.ys[s] + k / a.columns() * a.stepY());
        assertThat(
                new long[] {
                  out.zs[i],
                  out.intensity[i],
                  out.returnNumber[i],
                  out.numberOfReturns[i],
                  out.flags[i],
                  out.classification[i],
                  out.scanAngle[i],
                  out.userData[i],
                  out.pointSourceId[i],
                  out.gpsTimeBits[i],
                  out.red[i],
                  out.green[i],
                  out.blue[i]
                })
            .as(what)
            .containsExactly(
                src.zs[s],
                src.intensity[s],
                src.returnNumber[s],
                src.numberOfReturns[s],
                src.flags[s],
                src.classification[s],
                src.scanAngle[s],
                src.userData[s],
                src.pointSourceId[s],
                src.gpsTimeBits[s],
                src.red[s],
                src.green[s],
                src.blue[s]);
      }
    }
    assertThat(i).isEqualTo(out.size);
    LasHeader h = LasHeader.read(reader(a.file()));
    assertThat(h.pointCount()).isEqualTo(a.points());
    assertThat(h.vlrs()).noneMatch(v -> v.userId().equals("copc"));
    assertThat(h.evlrs()).isEmpty();
    assertThat(h.bounds().minX())
        .isEqualTo(Arrays.stream(out.xs).min().orElseThrow() * h.scale().x() + h.offset().x());
    assertThat(h.bounds().maxX())
        .isEqualTo(Arrays.stream(out.xs).max().orElseThrow() * h.scale().x() + h.offset().x());
    assertThat(h.bounds().minY())
        .isEqualTo(Arrays.stream(out.ys).min().orElseThrow() * h.scale().y() + h.offset().y());
    assertThat(h.bounds().maxY())
        .isEqualTo(Arrays.stream(out.ys).max().orElseThrow() * h.scale().y() + h.offset().y());
    assertThat(h.bounds().minZ())
        .isEqualTo(Arrays.stream(out.zs).min().orElseThrow() * h.scale().z() + h.offset().z());
  }

  @Test
  void tilesAndTheParallelIndexAgreeWithLaszip4j(@TempDir Path tmp) throws Exception {
    Path file =
        LazAssembler.assemble(Fixtures.path("copc/lone-star.copc.laz"), 4, tmp.resolve("x4.laz"))
            .file();
    CloudObject co =
        CloudObject.builder(file.toString())
            .format("las")
            .storeConfig(StoreConfig.defaults())
            .build();
    Manifest one = co.preprocess(PreprocessOptions.force());
    byte[] oneBlob = co.indexStore().read(one.blobs().get(LasFormat.CHUNKS));
    List<String> oneSlices = json(co.partition("tiles", 16));
    Manifest parallel;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      parallel =
          co.preprocess(
              PreprocessOptions.force()
                  .withChunks(
                      work -> {
                        List<Future<ParallelIndexing.ChunkSummary>> futures = new ArrayList<>();
                        for (ParallelIndexing.Chunk chunk : work) {
                          futures.add(pool.submit(() -> Chunks.scan(chunk)));
                        }
                        List<ParallelIndexing.ChunkSummary> out = new ArrayList<>();
                        try {
                          for (Future<ParallelIndexing.ChunkSummary> f : futures) {
                            out.add(f.get());
                          }
                        } catch (InterruptedException | ExecutionException e) {
                          throw new java.io.IOException(e);
                        }
                        return out;
                      },
                      5));
    } finally {
      pool.shutdown();
    }
    assertThat(parallel.attributes())
        .containsEntry("index_pass", "parallel, 5 chunks")
        .containsEntry("chunks", "60");
    assertThat(co.indexStore().read(parallel.blobs().get(LasFormat.CHUNKS))).isEqualTo(oneBlob);
    assertThat(parallel.summary()).isEqualTo(one.summary());
    List<DataSlice> tiles = co.partition("tiles", 16);
    assertThat(json(tiles)).isEqualTo(oneSlices);

    LasFormat.LasIndexSummary s = co.indexSummary(LasFormat.LasIndexSummary.class);
    LaszipTiles grid = new LaszipTiles(s.minX(), s.minY(), s.maxX(), s.maxY(), 4, 4);
    LaszipTiles.Read truth = grid.count(file);
    assertThat(truth.points()).isEqualTo(4 * 518_862L).isEqualTo(s.records());
    assertThat(truth.min()).containsExactly(s.minX(), s.minY(), s.minZ());
    assertThat(truth.max()).containsExactly(s.maxX(), s.maxY(), s.maxZ());
    long[] ours = new long[tiles.size()];
    for (int t = 0; t < tiles.size(); t++) {
      try (RecordReader<LasTile> r = Slices.newRecordReader(tiles.get(t), LasTile.class)) {
        while (r.advance()) {
          ours[t] += r.current().points().size();
        }
      }
    }
    assertThat(ours).containsExactly(truth.perTile());
    assertThat(Arrays.stream(truth.perTile()).filter(n -> n == 0)).isEmpty();
  }

  private static List<String> json(List<DataSlice> slices) {
    return slices.stream().map(Slices::toJson).toList();
  }

  private static io.dataplug.storage.RangeReader reader(Path file) {
    return new LocalObjectStore().newReader(ObjectLocation.ofPath(file), null);
  }
}
