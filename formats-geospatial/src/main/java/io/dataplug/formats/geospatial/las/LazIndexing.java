package io.dataplug.formats.geospatial.las;

import io.dataplug.format.ParallelIndexing.Chunk;
import io.dataplug.format.ParallelIndexing.ChunkSummary;
import io.dataplug.format.Preprocessing;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The LAZ index of {@link LasFormat}: every chunk's bounds, each chunk decoded once (x, y and z
 * only). Built in one pass over the chunks ({@link #preprocess}) or as a map + reduce: groups of
 * chunks decoded on workers ({@link #scan}), their bounds combined on the driver ({@link
 * #combine}). Both write the same blob and summary.
 *
 * <p>Blob {@value LasFormat#CHUNKS} (little-endian): int chunks, then per chunk long offset, long
 * byteLength, long points, double minX, minY, maxX, maxY.
 */
final class LazIndexing {
  /** What a scan of a LAZ object's chunks looks for: each chunk's bounds. */
  static final String KIND = "laz_chunks";

  /** Values a scan reports per LAZ chunk: min x, y, z, max x, y, z. */
  private static final int BOUNDS = 6;

  private LazIndexing() {}

  /** Decodes every chunk in turn and writes the index. */
  static void preprocess(Preprocessing job, LasHeader header) throws IOException {
    LazChunkTable table = LazChunkTable.read(job.reader(), header);
    double[] bounds = new double[BOUNDS * table.chunks().size()];
    for (LazChunk chunk : table.chunks()) {
      chunkBounds(job.reader(), header, chunk, bounds, BOUNDS * chunk.index());
      job.progress(chunk.offset() + chunk.byteLength());
    }
    write(job, header, table, bounds);
  }

  /**
   * Up to {@code count} groups of chunks of about equal compressed size, as chunks of the object
   * that start at the group's first LAZ chunk; none if the object has fewer than two LAZ chunks.
   */
  static List<Chunk> chunks(Preprocessing job, LasHeader header, int count, String format)
      throws IOException {
    LazChunkTable table = LazChunkTable.read(job.reader(), header);
    List<LazChunk> lazChunks = table.chunks();
    int groups = Math.min(count, lazChunks.size());
    if (groups < 2) {
      return List.of();
    }
    long first = lazChunks.get(0).offset();
    long bytes = table.tableOffset() - first;
    List<Chunk> out = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      out.add(
          new Chunk(
              format,
              job.location().toString(),
              job.metadata().etag(),
              job.metadata().size(),
              job.storeConfig(),
              job.options(),
              KIND,
              g,
              first + bytes * g / groups,
              first + bytes * (g + 1) / groups,
              -1,
              -1));
    }
    return out;
  }

  /**
   * Decodes the LAZ chunks that start in {@code chunk} (the worker reads the header and chunk table
   * itself: a few small requests) and reports their offsets, point counts and bounds.
   */
  static ChunkSummary scan(Chunk chunk, RangeReader object) throws IOException {
    LasHeader header = LasHeader.read(object);
    LazChunkTable table = LazChunkTable.read(object, header);
    List<LazChunk> mine = new ArrayList<>();
    for (LazChunk c : table.chunks()) {
      if (c.offset() >= chunk.start() && c.offset() < chunk.end()) {
        mine.add(c);
      }
    }
    long[] offsets = new long[mine.size()];
    long[] points = new long[mine.size()];
    double[] bounds = new double[BOUNDS * mine.size()];
    long length = 0;
    for (int i = 0; i < mine.size(); i++) {
      LazChunk c = mine.get(i);
      offsets[i] = c.offset();
      points[i] = c.pointCount();
      length += c.byteLength();
      chunkBounds(object, header, c, bounds, BOUNDS * i);
    }
    return new ChunkSummary(
        chunk.index(),
        mine.isEmpty() ? chunk.end() : offsets[0],
        length,
        mine.size(),
        offsets,
        points,
        -1,
        "",
        new int[0],
        bounds);
  }

  /**
   * Writes the index from the scans' bounds, in chunk order.
   *
   * @throws IllegalStateException if the scans do not report every chunk of the table exactly once,
   *     in order
   */
  static void combine(Preprocessing job, LasHeader header, List<ChunkSummary> summaries)
      throws IOException {
    LazChunkTable table = LazChunkTable.read(job.reader(), header);
    List<LazChunk> chunks = table.chunks();
    double[] bounds = new double[BOUNDS * chunks.size()];
    int next = 0;
    for (ChunkSummary s : summaries) {
      if (s.values().length != BOUNDS * s.records() || s.sampleOffsets().length != s.records()) {
        throw new IllegalStateException("scan " + s.index() + " reports malformed chunk bounds");
      }
      for (int i = 0; i < s.records(); i++, next++) {
        if (next >= chunks.size() || chunks.get(next).offset() != s.sampleOffsets()[i]) {
          throw new IllegalStateException(
              "scan "
                  + s.index()
                  + " reports a chunk at byte "
                  + s.sampleOffsets()[i]
                  + " out of order");
        }
        System.arraycopy(s.values(), BOUNDS * i, bounds, BOUNDS * next, BOUNDS);
      }
    }
    if (next != chunks.size()) {
      throw new IllegalStateException(
          "the scans report " + next + " of the " + chunks.size() + " chunks");
    }
    write(job, header, table, bounds);
    job.attribute("index_pass", "parallel, " + summaries.size() + " chunks");
  }

  /** Decodes the chunk's x, y and z and puts its bounds at {@code out[at, at + 6)}. */
  private static void chunkBounds(
      RangeReader reader, LasHeader header, LazChunk chunk, double[] out, int at)
      throws IOException {
    PointBatch batch = LazChunks.read(reader, header, chunk, PointColumn.xyzOnly());
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double minZ = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    double maxZ = Double.NEGATIVE_INFINITY;
    double[] x = batch.x();
    double[] y = batch.y();
    double[] z = batch.z();
    for (int i = 0; i < batch.size(); i++) {
      minX = Math.min(minX, x[i]);
      minY = Math.min(minY, y[i]);
      minZ = Math.min(minZ, z[i]);
      maxX = Math.max(maxX, x[i]);
      maxY = Math.max(maxY, y[i]);
      maxZ = Math.max(maxZ, z[i]);
    }
    out[at] = minX;
    out[at + 1] = minY;
    out[at + 2] = minZ;
    out[at + 3] = maxX;
    out[at + 4] = maxY;
    out[at + 5] = maxZ;
  }

  /** The blob, the chunk count and the summary (the points' extent is the chunks' union). */
  private static void write(
      Preprocessing job, LasHeader header, LazChunkTable table, double[] bounds)
      throws MalformedDataException, IOException {
    List<LazChunk> chunks = table.chunks();
    double[] ext = {
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Double.NEGATIVE_INFINITY
    };
    ByteBuffer out =
        ByteBuffer.allocate(4 + chunks.size() * LazChunkBounds.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(chunks.size());
    for (LazChunk chunk : chunks) {
      int b = BOUNDS * chunk.index();
      for (int k = 0; k < 3; k++) {
        ext[k] = Math.min(ext[k], bounds[b + k]);
        ext[k + 3] = Math.max(ext[k + 3], bounds[b + k + 3]);
      }
      new LazChunkBounds(
              chunk.offset(),
              chunk.byteLength(),
              chunk.pointCount(),
              bounds[b],
              bounds[b + 1],
              bounds[b + 3],
              bounds[b + 4])
          .writeTo(out);
    }
    job.putBlob(LasFormat.CHUNKS, out.array());
    job.attribute("chunks", chunks.size());
    job.summary(LasFormat.summaryOf(header, ext));
  }
}
