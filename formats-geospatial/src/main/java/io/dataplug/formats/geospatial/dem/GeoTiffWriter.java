package io.dataplug.formats.geospatial.dem;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@link ElevationGrid} as a single-band Float32 GeoTIFF: a little-endian classic TIFF
 * with one image, in strips or 256 × 256 tiles, uncompressed or deflated (compression 8, zlib
 * streams); georeferenced by ModelPixelScale and a ModelTiepoint at the west-north corner of the
 * first pixel (PixelIsArea), the CRS's GeoKeys where known, and GDAL's nodata tag (42113) naming
 * the value of empty cells.
 */
final class GeoTiffWriter {
  /** How the image's pixels are cut into separately stored pieces. */
  enum Layout {
    /** Runs of whole rows, about 8 KiB each. */
    STRIPS,
    /** 256 × 256 tiles; those on the right and bottom edges padded with nodata. */
    TILES
  }

  /** What empty cells hold in the file. */
  static final float NODATA = -9999f;

  private static final int TILE = 256;
  private static final int SHORT = 3;
  private static final int LONG = 4;
  private static final int ASCII = 2;
  private static final int DOUBLE = 12;

  private GeoTiffWriter() {}

  /** One IFD entry with its values, little-endian. */
  private record Entry(int tag, int type, int count, byte[] data) {}

  /**
   * Writes {@code grid} to {@code file}, replacing it.
   *
   * @param crs the CRS's keys; null writes none (an image without a CRS)
   * @throws IllegalArgumentException if the grid has no cells, or the file would pass 4 GiB
   */
  static void write(
      ElevationGrid grid, @Nullable GeoKeys crs, Layout layout, boolean deflate, Path file)
      throws IOException {
    if (!grid.hasCells()) {
      throw new IllegalArgumentException("An elevation grid without cells has no GeoTIFF");
    }
    int w = grid.width();
    int h = grid.height();
    int pieceWidth = layout == Layout.TILES ? TILE : w;
    int pieceHeight = layout == Layout.TILES ? TILE : Math.max(1, Math.min(h, 8192 / (4 * w)));
    int across = (w + pieceWidth - 1) / pieceWidth;
    int down = (h + pieceHeight - 1) / pieceHeight;
    List<byte[]> pieces = new ArrayList<>(across * down);
    for (int p = 0; p < down; p++) {
      for (int q = 0; q < across; q++) {
        // strips: the last one holds only the rows that are left; tiles are always whole
        int rows =
            layout == Layout.TILES ? pieceHeight : Math.min(pieceHeight, h - p * pieceHeight);
        pieces.add(piece(grid, q * pieceWidth, p * pieceHeight, pieceWidth, rows, deflate));
      }
    }

    List<Entry> entries = new ArrayList<>();
    entries.add(longs(256, w));
    entries.add(longs(257, h));
    entries.add(shorts(258, 32));
    entries.add(shorts(259, deflate ? 8 : 1));
    entries.add(shorts(262, 1)); // BlackIsZero
    Entry offsets = longs(layout == Layout.TILES ? 324 : 273, new int[pieces.size()]);
    int[] counts = pieces.stream().mapToInt(b -> b.length).toArray();
    if (layout == Layout.STRIPS) {
      entries.add(offsets);
    }
    entries.add(shorts(277, 1));
    if (layout == Layout.STRIPS) {
      entries.add(longs(278, pieceHeight));
      entries.add(longs(279, counts));
    }
    entries.add(shorts(284, 1)); // one plane
    if (layout == Layout.TILES) {
      entries.add(longs(322, TILE));
      entries.add(longs(323, TILE));
      entries.add(offsets);
      entries.add(longs(325, counts));
    }
    entries.add(shorts(339, 3)); // IEEE floating point
    entries.add(doubles(33550, grid.cellSize(), grid.cellSize(), 0));
    entries.add(doubles(33922, 0, 0, 0, grid.west(), grid.north(), 0));
    if (crs != null) {
      entries.add(shorts(GeoKeys.DIRECTORY, crs.directory()));
      if (crs.doubles().length > 0) {
        entries.add(doubles(GeoKeys.DOUBLES, crs.doubles()));
      }
      if (!crs.ascii().isEmpty()) {
        entries.add(ascii(GeoKeys.ASCII, crs.ascii()));
      }
    }
    entries.add(ascii(42113, formatNodata()));

    // layout of the file: header, the IFD, the values that do not fit in an entry, the pieces
    long ifdSize = 2 + 12L * entries.size() + 4;
    long at = 8 + ifdSize;
    long[] valueAt = new long[entries.size()];
    for (int i = 0; i < entries.size(); i++) {
      int n = entries.get(i).data().length;
      if (n > 4) {
        valueAt[i] = at;
        at += n + (n & 1);
      }
    }
    ByteBuffer offsetValues = ByteBuffer.wrap(offsets.data()).order(ByteOrder.LITTLE_ENDIAN);
    for (byte[] piece : pieces) {
      offsetValues.putInt(unsigned32(at));
      at += piece.length;
    }
    unsigned32(at);

    ByteBuffer head = ByteBuffer.allocate(8 + (int) ifdSize).order(ByteOrder.LITTLE_ENDIAN);
    head.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
    head.putShort((short) entries.size());
    ByteArrayOutputStream values = new ByteArrayOutputStream();
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      head.putShort((short) e.tag()).putShort((short) e.type()).putInt(e.count());
      if (e.data().length > 4) {
        head.putInt((int) valueAt[i]);
        values.write(e.data());
        if ((e.data().length & 1) == 1) {
          values.write(0);
        }
      } else {
        byte[] inline = new byte[4];
        System.arraycopy(e.data(), 0, inline, 0, e.data().length);
        head.put(inline);
      }
    }
    head.putInt(0); // no next IFD
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(head.array());
      values.writeTo(out);
      for (byte[] piece : pieces) {
        out.write(piece);
      }
    }
  }

  /** GDAL's nodata tag text for {@link #NODATA}. */
  static String formatNodata() {
    return Integer.toString((int) NODATA);
  }

  /** The pixels of one strip or tile, nodata where empty or outside the grid, maybe deflated. */
  private static byte[] piece(
      ElevationGrid grid, int x0, int y0, int width, int height, boolean deflate) {
    ByteBuffer raw = ByteBuffer.allocate(4 * width * height).order(ByteOrder.LITTLE_ENDIAN);
    float[] values = grid.values();
    for (int y = y0; y < y0 + height; y++) {
      for (int x = x0; x < x0 + width; x++) {
        float v = x < grid.width() && y < grid.height() ? values[y * grid.width() + x] : Float.NaN;
        raw.putFloat(Float.isNaN(v) ? NODATA : v);
      }
    }
    if (!deflate) {
      return raw.array();
    }
    Deflater deflater = new Deflater(6);
    try {
      deflater.setInput(raw.array());
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(raw.capacity() / 2 + 64);
      byte[] buffer = new byte[64 * 1024];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static int unsigned32(long value) {
    if (value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("A GeoTIFF of more than 4 GiB: " + value + " bytes");
    }
    return (int) value;
  }

  private static Entry shorts(int tag, int... values) {
    ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) v);
    }
    return new Entry(tag, SHORT, values.length, b.array());
  }

  private static Entry longs(int tag, int... values) {
    ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putInt(v);
    }
    return new Entry(tag, LONG, values.length, b.array());
  }

  private static Entry doubles(int tag, double... values) {
    ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      b.putDouble(v);
    }
    return new Entry(tag, DOUBLE, values.length, b.array());
  }

  /** An ASCII entry: the text and its terminating NUL. */
  private static Entry ascii(int tag, String text) {
    byte[] chars = text.getBytes(StandardCharsets.ISO_8859_1);
    byte[] data = new byte[chars.length + 1];
    System.arraycopy(chars, 0, data, 0, chars.length);
    return new Entry(tag, ASCII, data.length, data);
  }
}
