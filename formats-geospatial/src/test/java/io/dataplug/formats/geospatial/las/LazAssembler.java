package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import com.github.mreutegg.laszip4j.laszip.ArithmeticEncoder;
import com.github.mreutegg.laszip4j.laszip.ByteStreamOutArray;
import com.github.mreutegg.laszip4j.laszip.IntegerCompressor;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.local.LocalObjectStore;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Test and benchmark data: a large LAZ made of copies of a real layered-chunked LAZ's compressed
 * chunks (point formats 6–10, variable chunk size, such as a COPC file), each chunk copy in a cell
 * of its own on a grid. No LAZ writer is needed: in a layered chunk the first point is stored raw
 * and every later point's X and Y are decoded as differences from the point before it (per scanner
 * channel, each channel's context seeded from a point already decoded), so adding a constant to the
 * raw first point's X and Y moves the whole chunk by that constant.
 *
 * <p>The source's chunks, repeated {@code copies} times, fill a grid of cells row by row (row 0 at
 * the smallest y), nearly square; the chunk in cell {@code (c, r)} is moved by {@code c} steps in x
 * and {@code r} in y, a step being the source's stored extent plus one unit. Every chunk of the
 * source lies in the source's extent, so chunk copies never overlap and each is as compact as it
 * was (the chunks of a COPC file are octree nodes: the root spans the whole extent, deeper nodes a
 * part of it), as in a spatially sorted LAZ.
 *
 * <p>The file: the source's LAS 1.4 header with the new point count, counts by return and bounds
 * (and no EVLRs); the source's VLRs except the COPC ones (the result is plain LAZ, not COPC); the
 * chunk table offset; the chunks in cell order; the chunk table (LASzip's coding: point and byte
 * counts, arithmetic-coded through laszip4j's {@link ArithmeticEncoder} and {@link
 * IntegerCompressor}).
 */
public final class LazAssembler {
  private LazAssembler() {}

  /**
   * What was written.
   *
   * @param file the new LAZ
   * @param points its points
   * @param chunks its chunks: chunk {@code k} is the source's chunk {@code k % n} (of {@code n}),
   *     in cell {@code (k % columns, k / columns)}
   * @param columns cells across x
   * @param stepX the shift between neighbouring cells in x, in stored units
   * @param stepY likewise in y
   */
  public record Assembled(Path file, long points, int chunks, int columns, int stepX, int stepY) {}

  /**
   * Writes {@code copies} times the chunks of {@code source}, each in a cell of its own, into
   * {@code target} (written beside it first, then moved into place).
   *
   * @throws IllegalArgumentException if the source is not a layered-chunked LAZ 1.4 with a variable
   *     chunk size and no extra header bytes, or the cells would not fit in 32-bit coordinates
   */
  public static Assembled assemble(Path source, int copies, Path target) throws IOException {
    requireNonNull(target, "target is null");
    if (copies < 1) {
      throw new IllegalArgumentException("need at least one copy: " + copies);
    }
    byte[] src = Files.readAllBytes(source);
    LasHeader h;
    LazChunkTable table;
    List<int[]> chunkBounds = new ArrayList<>();
    try (RangeReader reader =
        new LocalObjectStore().newReader(ObjectLocation.ofPath(source), null)) {
      h = LasHeader.read(reader);
      LaszipVlr laszip = h.laszip().orElseThrow(() -> new IllegalArgumentException("not LAZ"));
      if (laszip.compressor() != LaszipVlr.LAYERED_CHUNKED
          || !laszip.variableChunkSize()
          || h.versionMinor() != 4
          || h.headerSize() != 375) {
        throw new IllegalArgumentException(
            source
                + " is not a layered-chunked LAZ 1.4 with variable chunks and a 375-byte header");
      }
      table = LazChunkTable.read(reader, h);
      for (LazChunk chunk : table.chunks()) {
        chunkBounds.add(storedBounds(h, LazChunks.read(reader, h, chunk, PointColumn.xyzOnly())));
      }
    }
    List<LazChunk> chunks = table.chunks();
    int[] extent = union(chunkBounds);
    int stepX = extent[3] - extent[0] + 1;
    int stepY = extent[4] - extent[1] + 1;
    int cells = Math.multiplyExact(copies, chunks.size());
    int columns = (int) Math.ceil(Math.sqrt(cells));
    int rows = (cells + columns - 1) / columns;
    // the last cell's coordinates must fit in 32 bits
    Math.addExact(extent[3], Math.multiplyExact(columns - 1, stepX));
    Math.addExact(extent[4], Math.multiplyExact(rows - 1, stepY));
    List<int[]> placed = new ArrayList<>();
    for (int k = 0; k < cells; k++) {
      int[] b = chunkBounds.get(k % chunks.size()).clone();
      int dx = k % columns * stepX;
      int dy = k / columns * stepY;
      b[0] += dx;
      b[3] += dx;
      b[1] += dy;
      b[4] += dy;
      placed.add(b);
    }
    int[] bounds = union(placed);

    ByteBuffer vlrs = ByteBuffer.allocate(h.vlrs().stream().mapToInt(v -> vlrBytes(v)).sum());
    int vlrCount = 0;
    for (LasVlr v : h.vlrs()) {
      if (!v.userId().equals("copc")) {
        vlrs.put(src, (int) v.headerOffset(), vlrBytes(v));
        vlrCount++;
      }
    }
    long pointData = h.headerSize() + (long) vlrs.position();
    long chunkBytes = table.tableOffset() - (h.offsetToPointData() + 8);
    long tableOffset = pointData + 8 + copies * chunkBytes;
    long points = copies * h.pointCount();

    ByteBuffer header =
        ByteBuffer.allocate(h.headerSize())
            .put(src, 0, h.headerSize())
            .order(ByteOrder.LITTLE_ENDIAN);
    byte[] software = new byte[32];
    byte[] name = "dataplug LazAssembler".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, software, 0, name.length);
    header.put(58, software);
    header.putInt(96, (int) pointData);
    header.putInt(100, vlrCount);
    long legacy = Integer.toUnsignedLong(header.getInt(107));
    header.putInt(107, legacy != 0 && points <= 0xFFFF_FFFFL ? (int) points : 0);
    for (int i = 0; i < 5; i++) {
      long n = Integer.toUnsignedLong(header.getInt(111 + 4 * i)) * copies;
      header.putInt(111 + 4 * i, legacy != 0 && n <= 0xFFFF_FFFFL ? (int) n : 0);
    }
    Xyz scale = h.scale();
    Xyz offset = h.offset();
    header.putDouble(179, bounds[3] * scale.x() + offset.x());
    header.putDouble(187, bounds[0] * scale.x() + offset.x());
    header.putDouble(195, bounds[4] * scale.y() + offset.y());
    header.putDouble(203, bounds[1] * scale.y() + offset.y());
    header.putDouble(211, bounds[5] * scale.z() + offset.z());
    header.putDouble(219, bounds[2] * scale.z() + offset.z());
    header.putLong(227, 0).putLong(235, 0).putInt(243, 0);
    header.putLong(247, points);
    for (int i = 0; i < 15; i++) {
      header.putLong(255 + 8 * i, header.getLong(255 + 8 * i) * copies);
    }

    Path part = target.resolveSibling(target.getFileName() + ".part");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(part), 1 << 20)) {
      out.write(header.array());
      out.write(vlrs.array(), 0, vlrs.position());
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(tableOffset).array());
      for (int k = 0; k < cells; k++) {
        LazChunk chunk = chunks.get(k % chunks.size());
        ByteBuffer first = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
        int at = (int) chunk.offset();
        out.write(
            ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(first.getInt(at) + k % columns * stepX)
                .putInt(first.getInt(at + 4) + k / columns * stepY)
                .array());
        out.write(src, at + 8, (int) chunk.byteLength() - 8);
      }
      out.write(chunkTable(chunks, copies));
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    return new Assembled(target, points, cells, columns, stepX, stepY);
  }

  /** The stored (integer) min x, y, z and max x, y, z of a batch of points. */
  private static int[] storedBounds(LasHeader h, PointBatch batch) {
    int[] b = {
      Integer.MAX_VALUE,
      Integer.MAX_VALUE,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      Integer.MIN_VALUE,
      Integer.MIN_VALUE
    };
    for (int i = 0; i < batch.size(); i++) {
      int[] p = {
        stored(batch.x()[i], h.scale().x(), h.offset().x()),
        stored(batch.y()[i], h.scale().y(), h.offset().y()),
        stored(batch.z()[i], h.scale().z(), h.offset().z())
      };
      for (int k = 0; k < 3; k++) {
        b[k] = Math.min(b[k], p[k]);
        b[k + 3] = Math.max(b[k + 3], p[k]);
      }
    }
    return b;
  }

  private static int[] union(List<int[]> boxes) {
    int[] u = boxes.get(0).clone();
    for (int[] b : boxes) {
      for (int k = 0; k < 3; k++) {
        u[k] = Math.min(u[k], b[k]);
        u[k + 3] = Math.max(u[k + 3], b[k + 3]);
      }
    }
    return u;
  }

  /**
   * The chunk table of {@code copies} repetitions of {@code chunks}: version 0, the chunk count,
   * then per chunk its point count (context 0) and byte count (context 1), each predicted from the
   * previous chunk's, as LASzip writes a table of variable-size chunks.
   */
  static byte[] chunkTable(List<LazChunk> chunks, int copies) throws IOException {
    // laszip4j 0.20 makes compress with a context package-private (its own writer calls it)
    Method compress;
    try {
      compress =
          IntegerCompressor.class.getDeclaredMethod("compress", int.class, int.class, int.class);
      compress.setAccessible(true);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "laszip4j's IntegerCompressor.compress(pred, real, context)", e);
    }
    ByteStreamOutArray coded = new ByteStreamOutArray();
    ArithmeticEncoder encoder = new ArithmeticEncoder();
    encoder.init(coded);
    IntegerCompressor ic = new IntegerCompressor(encoder, 32, 2);
    ic.initCompressor();
    int points = 0;
    int bytes = 0;
    for (int copy = 0; copy < copies; copy++) {
      for (LazChunk chunk : chunks) {
        try {
          compress.invoke(ic, points, Math.toIntExact(chunk.pointCount()), 0);
          compress.invoke(ic, bytes, Math.toIntExact(chunk.byteLength()), 1);
        } catch (ReflectiveOperationException e) {
          throw new IOException("laszip4j could not code the chunk table", e);
        }
        points = (int) chunk.pointCount();
        bytes = (int) chunk.byteLength();
      }
    }
    encoder.done();
    int length = Math.toIntExact(coded.tell());
    ByteBuffer out = ByteBuffer.allocate(8 + length).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(0).putInt(copies * chunks.size());
    byte[] entries = new byte[length];
    coded.takeData().get(0, entries);
    return out.put(entries).array();
  }

  private static int vlrBytes(LasVlr v) {
    return (int) (v.payloadOffset() - v.headerOffset() + v.payloadLength());
  }

  /** The stored integer of a world coordinate. */
  private static int stored(double world, double scale, double offset) {
    return Math.toIntExact(Math.round((world - offset) / scale));
  }
}
