package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import com.github.mreutegg.laszip4j.laszip.ByteStreamInArray;
import com.github.mreutegg.laszip4j.laszip.ByteStreamOutArray;
import com.github.mreutegg.laszip4j.laszip.LASpoint;
import com.github.mreutegg.laszip4j.laszip.LASquantizer;
import com.github.mreutegg.laszip4j.laszip.LASreadPoint;
import com.github.mreutegg.laszip4j.laszip.LASwritePoint;
import com.github.mreutegg.laszip4j.laszip.LASzip;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

/**
 * Decodes one LAZ chunk on its own, with laszip4j, into a {@link PointBatch}: a chunk of the chunk
 * table ({@link LazChunk}) or a COPC node, given its bytes and its point count. No other part of
 * the file is needed besides the header. Thread-safe (each call has its own decoder).
 *
 * <p>laszip4j 0.20 mis-decodes point formats 8 and 10 when a layered chunk's RGB layer is empty
 * (laszip4j issue #175). Such chunks are decoded without the RGB layer, which is then exactly the
 * first point's RGB for every point, as an empty layer means; any other failure is an error, never
 * silently wrong points.
 */
public final class LazChunks {
  private LazChunks() {}

  /**
   * Reads the chunk's bytes (one range request) and decodes them.
   *
   * @throws MalformedDataException if the chunk does not decode into its point count
   * @throws IOException if reading fails
   */
  public static PointBatch read(
      RangeReader reader, LasHeader header, LazChunk chunk, Set<PointColumn> columns)
      throws IOException {
    requireNonNull(chunk, "chunk is null");
    return read(reader, header, chunk.range(), chunk.pointCount(), columns);
  }

  /**
   * Reads the bytes of a chunk that holds {@code pointCount} points (a COPC node) and decodes them.
   *
   * @throws IllegalArgumentException if the range is not in the object or the count is not positive
   * @throws MalformedDataException if the chunk does not decode into {@code pointCount} points
   * @throws IOException if reading fails
   */
  public static PointBatch read(
      RangeReader reader,
      LasHeader header,
      ByteRange range,
      long pointCount,
      Set<PointColumn> columns)
      throws IOException {
    requireNonNull(reader, "reader is null");
    requireNonNull(header, "header is null");
    if (range.end() > header.objectSize()) {
      throw new IllegalArgumentException(
          "range " + range + " is not in " + header.location() + " (" + header.objectSize() + ")");
    }
    return decode(header, reader.readFully(range), range.offset(), pointCount, columns);
  }

  /**
   * Decodes a chunk from its bytes.
   *
   * @param chunk exactly the chunk's bytes
   * @param chunkOffset where the chunk starts in the object (for error messages)
   * @param pointCount the number of points the chunk holds (from the chunk table or the COPC
   *     hierarchy)
   * @param columns the columns wanted; {@link PointColumn#xyzOnly()} lets layered chunks skip the
   *     other layers
   * @throws IllegalArgumentException if the header is not of a compressed file or the count is not
   *     positive
   * @throws MalformedDataException if the chunk is truncated or corrupt, holds a different number
   *     of points, or cannot be decoded by laszip4j; the message names the object and the chunk's
   *     offset
   */
  public static PointBatch decode(
      LasHeader header, byte[] chunk, long chunkOffset, long pointCount, Set<PointColumn> columns)
      throws MalformedDataException {
    requireNonNull(header, "header is null");
    requireNonNull(chunk, "chunk is null");
    requireNonNull(columns, "columns is null");
    LaszipVlr laszip =
        header
            .laszip()
            .orElseThrow(
                () -> new IllegalArgumentException("not a compressed file: " + header.location()));
    if (pointCount <= 0) {
      throw new IllegalArgumentException("pointCount is not positive: " + pointCount);
    }
    int recordLength = laszip.pointSize();
    if (pointCount > (Integer.MAX_VALUE - 8) / recordLength) {
      throw fail(
          header,
          chunkOffset,
          "a chunk of " + pointCount + " points is too large to decode at once");
    }
    int count = (int) pointCount;
    if (chunk.length < recordLength) {
      throw fail(
          header,
          chunkOffset,
          "the chunk has "
              + chunk.length
              + " bytes, fewer than its first, raw "
              + recordLength
              + "-byte point");
    }
    int selective = LASzip.LASZIP_DECOMPRESS_SELECTIVE_ALL;
    if (laszip.compressor() == LaszipVlr.LAYERED_CHUNKED) {
      selective = checkLayers(header, laszip, chunk, chunkOffset, count, columns);
    } else if (laszip.compressor() != LaszipVlr.POINTWISE_CHUNKED) {
      throw fail(
          header,
          chunkOffset,
          "LASzip compressor " + laszip.compressor() + " is not supported (only 2 and 3)");
    }
    byte[] raw = decompress(header, laszip, chunk, chunkOffset, count, selective);
    return LasPoints.decode(
        header.pointFormat(),
        recordLength,
        header.scale(),
        header.offset(),
        raw,
        0,
        count,
        columns);
  }

  /**
   * Checks a layered chunk's point count and layer table; returns the selective-decompression mask
   * (all layers, XYZ only, and without RGB where laszip4j 0.20 would mis-decode).
   */
  static int checkLayers(
      LasHeader header,
      LaszipVlr laszip,
      byte[] chunk,
      long chunkOffset,
      int count,
      Set<PointColumn> columns)
      throws MalformedDataException {
    int rawPoint = laszip.pointSize();
    if (chunk.length < rawPoint + 4) {
      throw fail(
          header,
          chunkOffset,
          "the layered chunk has "
              + chunk.length
              + " bytes, too few for its first point and point count");
    }
    long stored = Le.u32(chunk, rawPoint);
    if (stored != count) {
      throw fail(
          header,
          chunkOffset + rawPoint,
          "the layered chunk holds " + stored + " points, but " + count + " were expected");
    }
    int layerTable = rawPoint + 4;
    int layers = 0;
    int rgbLayer = -1;
    for (LaszipVlr.Item item : laszip.items()) {
      int itemLayers = layerCount(item);
      if (itemLayers == 0) {
        throw fail(header, chunkOffset, "laszip item " + item + " cannot be in a layered chunk");
      }
      if (item.type() == LaszipVlr.Item.RGBNIR14) {
        rgbLayer = layers;
      }
      layers += itemLayers;
    }
    long layerBytes = (long) layerTable + 4L * layers;
    if (chunk.length < layerBytes) {
      throw fail(
          header,
          chunkOffset + layerTable,
          "the layered chunk has "
              + chunk.length
              + " bytes, too few for its table of "
              + layers
              + " layer sizes");
    }
    long sum = 0;
    for (int i = 0; i < layers; i++) {
      sum += Le.u32(chunk, layerTable + 4 * i);
    }
    if (sum > chunk.length - layerBytes) {
      throw fail(
          header,
          chunkOffset + layerTable,
          "the layers add up to "
              + sum
              + " bytes, but the chunk has only "
              + (chunk.length - layerBytes)
              + " after its layer table (truncated chunk?)");
    }
    int selective = LASzip.LASZIP_DECOMPRESS_SELECTIVE_ALL;
    if (columns.stream().allMatch(c -> c == PointColumn.XYZ)) {
      selective =
          LASzip.LASZIP_DECOMPRESS_SELECTIVE_CHANNEL_RETURNS_XY
              | LASzip.LASZIP_DECOMPRESS_SELECTIVE_Z;
    }
    if (rgbLayer >= 0 && Le.u32(chunk, layerTable + 4 * rgbLayer) == 0) {
      // laszip4j issue #175: with an empty RGB layer, 0.20's RGBNIR14 v3 reader still decodes RGB
      // from the empty stream. Not decoding RGB keeps the first point's RGB, which is what an empty
      // layer means (every point has the same RGB).
      selective &= ~LASzip.LASZIP_DECOMPRESS_SELECTIVE_RGB;
    }
    return selective;
  }

  /** How many layers an item has in a layered chunk; 0 if it cannot be in one. */
  private static int layerCount(LaszipVlr.Item item) {
    switch (item.type()) {
      case LaszipVlr.Item.POINT14:
        return 9;
      case LaszipVlr.Item.RGB14:
      case LaszipVlr.Item.WAVEPACKET14:
        return 1;
      case LaszipVlr.Item.RGBNIR14:
        return 2;
      case LaszipVlr.Item.BYTE14:
        return item.size();
      default:
        return 0;
    }
  }

  /** Points written raw into one laszip4j output buffer before it is copied out. */
  private static final int SEGMENT = 65536;

  /**
   * Runs laszip4j on the chunk alone and returns the raw point records. laszip4j is handed 8 zero
   * bytes before the chunk: it reads them as a chunk table offset that points at itself, concludes
   * there is no chunk table and decodes one chunk of {@code count} points (its fixed chunk size).
   * Each decoded point is written back out as a raw record by laszip4j's uncompressed writer, into
   * a buffer of at most {@value #SEGMENT} records that is then copied into the result: laszip4j's
   * output buffer grows by 1 KiB at a time (quadratic for a large chunk), the result doubles, so
   * memory follows the points decoded, not the claimed count.
   */
  private static byte[] decompress(
      LasHeader header, LaszipVlr laszip, byte[] chunk, long chunkOffset, int count, int selective)
      throws MalformedDataException {
    int recordLength = laszip.pointSize();
    LASzip z = Laszip4j.toLaszip(laszip, count);
    LASreadPoint in = new LASreadPoint(selective);
    if (!in.setup(z.num_items, z.items, z)) {
      throw fail(
          header,
          chunkOffset,
          "laszip4j cannot decode the items " + laszip.items() + ": " + in.error());
    }
    byte[] stream = new byte[8 + chunk.length];
    System.arraycopy(chunk, 0, stream, 8, chunk.length);
    LASpoint point = new LASpoint();
    byte[] records = new byte[Math.min(count, SEGMENT) * recordLength];
    int i = 0;
    try {
      if (!in.init(new ByteStreamInArray(stream, stream.length))
          || !point.init(new LASquantizer(), z.num_items, z.items, null)) {
        throw fail(header, chunkOffset, "laszip4j cannot set up the chunk: " + in.error());
      }
      while (i < count) {
        int n = Math.min(SEGMENT, count - i);
        ByteStreamOutArray raw = new ByteStreamOutArray((long) n * recordLength);
        LASwritePoint out = new LASwritePoint();
        if (!out.setup(z.num_items, z.items) || !out.init(raw)) {
          throw fail(header, chunkOffset, "laszip4j cannot set up its raw point writer");
        }
        for (int end = i + n; i < end; i++) {
          if (!in.read(point.PointRecords)) {
            throw fail(
                header,
                chunkOffset,
                "point " + i + " of " + count + " does not decode: " + in.error());
          }
          if (!out.write(point.PointRecords)) {
            throw fail(
                header,
                chunkOffset,
                "point " + i + " of " + count + " decoded, but laszip4j could not write it raw");
          }
        }
        out.done();
        if (raw.tell() != (long) n * recordLength) {
          throw new IllegalStateException(
              "laszip4j wrote " + raw.tell() + " bytes for " + n + " points of " + recordLength);
        }
        int at = (i - n) * recordLength;
        if (records.length < at + n * recordLength) {
          records =
              Arrays.copyOf(
                  records, (int) Math.min((long) count * recordLength, 2L * records.length));
        }
        raw.takeData().get(0, records, at, n * recordLength);
      }
      in.done();
    } catch (RuntimeException e) {
      throw new MalformedDataException(
          "Malformed LAZ data in "
              + header.location()
              + " at byte "
              + chunkOffset
              + ": point "
              + i
              + " of "
              + count
              + " does not decode ("
              + e
              + ")",
          e);
    }
    return records;
  }

  private static MalformedDataException fail(LasHeader header, long offset, String problem) {
    return MalformedDataException.at("LAZ", header.location(), offset, problem);
  }
}
