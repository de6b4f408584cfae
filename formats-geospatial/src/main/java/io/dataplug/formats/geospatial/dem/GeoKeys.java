package io.dataplug.formats.geospatial.dem;

import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.formats.geospatial.las.LasVlr;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A coordinate reference system as GeoTIFF keys: the GeoKeyDirectory (tag 34735, each key as {id,
 * location, count, value}), the GeoDoubleParams (34736) and the GeoAsciiParams (34737) its keys
 * point into. Taken from a LAS file, whose {@code LASF_Projection} VLRs 34735/34736/34737 hold
 * exactly these, or built around the WKT of its VLR 2112 (as the citation of a user-defined model
 * type, which GDAL reads).
 *
 * <p>Always states {@code GTRasterTypeGeoKey} = PixelIsArea, the convention the elevation model's
 * tie point follows (its first pixel's corner, not its centre).
 *
 * @param keys the keys, sorted by id, four numbers each (0–65535)
 * @param doubles the double parameters
 * @param ascii the ASCII parameters ('|' ends each string)
 */
record GeoKeys(List<Key> keys, double[] doubles, String ascii) implements Serializable {
  private static final long serialVersionUID = 1L;
  static final int DIRECTORY = 34735;
  static final int DOUBLES = 34736;
  static final int ASCII = 34737;
  private static final String PROJECTION = "LASF_Projection";
  private static final int WKT = 2112;
  private static final int MODEL_TYPE = 1024;
  private static final int RASTER_TYPE = 1025;
  private static final int PCS_CITATION = 3073;
  private static final int LINEAR_UNITS = 3076;
  private static final int USER_DEFINED = 32767;

  /**
   * One key.
   *
   * @param location 0 when {@code value} is the value, else the tag whose parameters hold it
   * @param value the value, or the index of the first parameter
   */
  record Key(int id, int location, int count, int value) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  GeoKeys {
    keys = List.copyOf(keys);
  }

  /**
   * The CRS of a LAS file: its GeoKeys VLRs, or else its WKT record as an "ESRI PE String"
   * citation; empty if it has neither.
   *
   * @throws MalformedDataException naming the object and the offset if a GeoKeys VLR is malformed
   *     or a key points outside its parameters
   */
  static Optional<GeoKeys> of(LasHeader header, RangeReader reader) throws IOException {
    Optional<LasVlr> directory = header.vlr(PROJECTION, DIRECTORY);
    if (directory.isPresent()) {
      return Optional.of(fromVlrs(header, reader, directory.get()));
    }
    Optional<LasVlr> wkt = header.vlr(PROJECTION, WKT).or(() -> header.evlr(PROJECTION, WKT));
    if (wkt.isEmpty()) {
      return Optional.empty();
    }
    String text = new String(wkt.get().readPayload(reader), StandardCharsets.UTF_8);
    text = text.replace("\0", "").strip();
    if (text.isEmpty()) {
      return Optional.empty();
    }
    // GDAL reads the WKT of a user-defined model from an "ESRI PE String" PCS citation
    String citation = "ESRI PE String = " + text.replace('|', ' ') + "|";
    List<Key> keys =
        List.of(
            new Key(MODEL_TYPE, 0, 1, USER_DEFINED),
            new Key(RASTER_TYPE, 0, 1, 1),
            new Key(PCS_CITATION, ASCII, citation.length(), 0));
    return Optional.of(new GeoKeys(keys, new double[0], citation));
  }

  private static GeoKeys fromVlrs(LasHeader header, RangeReader reader, LasVlr vlr)
      throws IOException {
    ByteBuffer dir = ByteBuffer.wrap(vlr.readPayload(reader)).order(ByteOrder.LITTLE_ENDIAN);
    long at = vlr.payloadOffset();
    if (dir.remaining() < 8) {
      throw malformed(header, at, "GeoKeyDirectory of " + dir.remaining() + " bytes");
    }
    dir.position(6);
    int count = Short.toUnsignedInt(dir.getShort());
    if (8 + 8L * count > dir.limit()) {
      throw malformed(
          header, at + 6, count + " GeoKeys do not fit in " + dir.limit() + " bytes of directory");
    }
    double[] doubles = new double[0];
    Optional<LasVlr> d = header.vlr(PROJECTION, DOUBLES);
    if (d.isPresent()) {
      ByteBuffer b = ByteBuffer.wrap(d.get().readPayload(reader)).order(ByteOrder.LITTLE_ENDIAN);
      doubles = new double[b.remaining() / 8];
      b.asDoubleBuffer().get(doubles);
    }
    String ascii = "";
    Optional<LasVlr> a = header.vlr(PROJECTION, ASCII);
    if (a.isPresent()) {
      ascii = new String(a.get().readPayload(reader), StandardCharsets.ISO_8859_1);
      int end = ascii.length();
      while (end > 0 && ascii.charAt(end - 1) == '\0') {
        end--;
      }
      ascii = ascii.substring(0, end);
    }
    List<Key> keys = new ArrayList<>();
    boolean rasterType = false;
    for (int i = 0; i < count; i++) {
      int id = Short.toUnsignedInt(dir.getShort());
      int location = Short.toUnsignedInt(dir.getShort());
      int n = Short.toUnsignedInt(dir.getShort());
      int value = Short.toUnsignedInt(dir.getShort());
      long keyAt = at + 8 + 8L * i;
      int size = location == DOUBLES ? doubles.length : location == ASCII ? ascii.length() : -1;
      if (location != 0 && (size < 0 || value + n > size)) {
        throw malformed(
            header,
            keyAt,
            "GeoKey "
                + id
                + " points at "
                + n
                + " values from "
                + value
                + " of tag "
                + location
                + (size < 0 ? ", which the file does not have" : ", which has " + size));
      }
      if (id == RASTER_TYPE) {
        rasterType = true;
        keys.add(new Key(id, 0, 1, 1));
      } else {
        keys.add(new Key(id, location, n, value));
      }
    }
    if (!rasterType) {
      keys.add(new Key(RASTER_TYPE, 0, 1, 1));
    }
    keys.sort(Comparator.comparingInt(Key::id));
    return new GeoKeys(keys, doubles, ascii);
  }

  private static MalformedDataException malformed(LasHeader header, long offset, String problem) {
    return MalformedDataException.at("LAS", header.location(), offset, problem);
  }

  /**
   * The GeoKeyDirectory tag's values: version 1.1.0, the number of keys, then the keys.
   *
   * @throws IllegalStateException if there are more keys than the directory can count
   */
  int[] directory() {
    if (keys.size() > 0xFFFF) {
      throw new IllegalStateException(keys.size() + " GeoKeys");
    }
    int[] out = new int[4 + 4 * keys.size()];
    out[0] = 1;
    out[1] = 1;
    out[2] = 0;
    out[3] = keys.size();
    for (int i = 0; i < keys.size(); i++) {
      Key k = keys.get(i);
      out[4 + 4 * i] = k.id();
      out[5 + 4 * i] = k.location();
      out[6 + 4 * i] = k.count();
      out[7 + 4 * i] = k.value();
    }
    return out;
  }

  /** The short name of the projected CRS's linear unit (metre, foot, US survey foot), if stated. */
  @Nullable String linearUnit() {
    for (Key k : keys) {
      if (k.id() == LINEAR_UNITS && k.location() == 0) {
        return switch (k.value()) {
          case 9001 -> "m";
          case 9002 -> "ft";
          case 9003 -> "US ft";
          default -> null;
        };
      }
    }
    return null;
  }
}
