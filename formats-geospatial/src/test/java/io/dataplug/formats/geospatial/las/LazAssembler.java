package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import com.github.mreutegg.laszip4j.laszip.ArithmeticEncoder;
import com.github.mreutegg.laszip4j.laszip.ByteStreamOutArray;
import com.github.mreutegg.laszip4j.laszip.IntegerCompressor;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.local.LocalObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Test and benchmark data: a large LAZ made of copies of a real layered-chunked LAZ's compressed
 * chunks (point formats 6–10, variable chunk size, such as a COPC file), laid out on a grid of
 * {@code columns × rows} copies. No LAZ writer is needed: in a layered chunk the first point is
 * stored raw and every later point's X and Y are decoded as differences from the point before it
 * (per scanner channel, each channel's context seeded from a point already decoded), so adding a
 * constant to the raw first point's X and Y moves the whole chunk by that constant. Copy {@code (c,
 * r)} is moved by {@code c} steps in x and {@code r} in y, a step being the source's stored extent
 * plus one unit, so copies never overlap and every chunk stays as compact as in the source.
 *
 * <p>The file: the source's LAS 1.4 header with the new point count, counts by return and bounds
 * (and no EVLRs); the source's VLRs except the COPC ones (the result is plain LAZ, not COPC); the
 * chunk table offset; the chunks, copy by copy in row-major order, each in its source order; the
 * chunk table (LASzip's coding: point and byte counts, arithmetic-coded through laszip4j's {@link
 * ArithmeticEncoder} and {@link IntegerCompressor}).
 */
public final class LazAssembler {
  private LazAssembler() {}

  /**
   * What was written.
   *
   * @param file the new LAZ
   * @param points its points
   * @param chunks its chunks
   * @param stepX the shift between neighbouring copies in x, in stored units
   * @param stepY likewise in y
   */
  public record Assembled(Path file, long points, int chunks, int stepX, int stepY) {}

  /**
   * Writes {@code columns × rows} shifted copies of {@code source}'s chunks into {@code target}
   * (written beside it first, then moved into place).
   *
   * @throws IllegalArgumentException if the source is not a layered-chunked LAZ 1.4 with a variable
   *     chunk size and no extra header bytes, or the copies would not fit in 32-bit coordinates
   */
  public static Assembled assemble(Path source, int columns, int rows, Path target)
      throws IOException {
    requireNonNull(target, "target is null");
    if (columns < 1 || rows < 1) {
      throw new IllegalArgumentException("need at least one copy: " + columns + "×" + rows);
    }
    byte[] src = Files.readAllBytes(source);
    LasHeader h;
    LazChunkTable table;
    try (RangeReader reader =
        new LocalObjectStore().newReader(ObjectLocation.ofPath(source), null)) {
      h = LasHeader.read(reader);
      table = LazChunkTable.read(reader, h);
    }
    LaszipVlr laszip = h.laszip().orElseThrow(() -> new IllegalArgumentException("not LAZ"));
    if (laszip.compressor() != LaszipVlr.LAYERED_CHUNKED
        || !laszip.variableChunkSize()
        || h.versionMinor() != 4
        || h.headerSize() != 375) {
      throw new IllegalArgumentException(
          source + " is not a layered-chunked LAZ 1.4 with variable chunks and a 375-byte header");
    }
    int minX = stored(h.bounds().minX(), h.scale().x(), h.offset().x());
    int maxX = stored(h.bounds().maxX(), h.scale().x(), h.offset().x());
    int minY = stored(h.bounds().minY(), h.scale().y(), h.offset().y());
    int maxY = stored(h.bounds().maxY(), h.scale().y(), h.offset().y());
    int stepX = maxX - minX + 1;
    int stepY = maxY - minY + 1;
    int lastX = Math.addExact(maxX, Math.multiplyExact(columns - 1, stepX));
    int lastY = Math.addExact(maxY, Math.multiplyExact(rows - 1, stepY));
    int copies = columns * rows;

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

    ByteBuffer header = ByteBuffer.wrap(src, 0, h.headerSize()).slice();
    header = ByteBuffer.allocate(h.headerSize()).put(header).order(ByteOrder.LITTLE_ENDIAN);
    byte[] software = new byte[32];
    byte[] name = "dataplug LazAssembler".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
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
    header.putDouble(179, lastX * h.scale().x() + h.offset().x());
    header.putDouble(195, lastY * h.scale().y() + h.offset().y());
    header.putLong(227, 0).putLong(235, 0).putInt(243, 0);
    header.putLong(247, points);
    for (int i = 0; i < 15; i++) {
      header.putLong(255 + 8 * i, header.getLong(255 + 8 * i) * copies);
    }

    List<LazChunk> chunks = table.chunks();
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try (OutputStream out =
        new java.io.BufferedOutputStream(Files.newOutputStream(part), 1 << 20)) {
      out.write(header.array());
      out.write(vlrs.array(), 0, vlrs.position());
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(tableOffset).array());
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < columns; c++) {
          for (LazChunk chunk : chunks) {
            ByteBuffer first =
                ByteBuffer.wrap(src, (int) chunk.offset(), 8)
                    .slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
            int x = first.getInt(0);
            int y = first.getInt(4);
            out.write(
                ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(Math.addExact(x, c * stepX))
                    .putInt(Math.addExact(y, r * stepY))
                    .array());
            out.write(src, (int) chunk.offset() + 8, (int) chunk.byteLength() - 8);
          }
        }
      }
      out.write(chunkTable(chunks, copies));
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    return new Assembled(target, points, copies * chunks.size(), stepX, stepY);
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

  /** The stored integer of a world coordinate the header states. */
  private static int stored(double world, double scale, double offset) {
    return Math.toIntExact(Math.round((world - offset) / scale));
  }
}
