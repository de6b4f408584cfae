package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * The laszip VLR (user id {@code laszip encoded}, record id 22204): how the points of a LAZ file
 * are compressed.
 *
 * @param compressor 0 none, 1 pointwise, 2 pointwise-chunked, 3 layered-chunked
 * @param coder 0 = arithmetic
 * @param versionMajor LASzip version, major
 * @param versionMinor LASzip version, minor
 * @param versionRevision LASzip version, revision
 * @param options option bits (unused, 0)
 * @param chunkSize points per chunk, or {@link #VARIABLE_CHUNK_SIZE} when each chunk's count is in
 *     the chunk table
 * @param specialEvlrCount number of special EVLRs (−1: none)
 * @param specialEvlrOffset offset of the special EVLRs (−1: none)
 * @param items the items a point is made of, in order
 */
public record LaszipVlr(
    int compressor,
    int coder,
    int versionMajor,
    int versionMinor,
    int versionRevision,
    long options,
    long chunkSize,
    long specialEvlrCount,
    long specialEvlrOffset,
    List<Item> items) {

  /** The user id of the laszip VLR. */
  public static final String USER_ID = "laszip encoded";

  /** The record id of the laszip VLR. */
  public static final int RECORD_ID = 22204;

  /** {@link #chunkSize()} of files whose chunks hold different numbers of points (COPC). */
  public static final long VARIABLE_CHUNK_SIZE = 0xFFFF_FFFFL;

  /** Compressor 2: each chunk is one arithmetic-coded stream. */
  public static final int POINTWISE_CHUNKED = 2;

  /** Compressor 3: each chunk holds one stream per attribute layer (point formats 6–10). */
  public static final int LAYERED_CHUNKED = 3;

  public LaszipVlr {
    requireNonNull(items, "items is null");
    items = List.copyOf(items);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("items is empty");
    }
    if (chunkSize < 0 || chunkSize > VARIABLE_CHUNK_SIZE) {
      throw new IllegalArgumentException("chunkSize out of range: " + chunkSize);
    }
  }

  /** Whether each chunk's point count is stored in the chunk table. */
  public boolean variableChunkSize() {
    return chunkSize == VARIABLE_CHUNK_SIZE;
  }

  /** The size of an uncompressed point: the sum of the item sizes. */
  public int pointSize() {
    int sum = 0;
    for (Item item : items) {
      sum += item.size();
    }
    return sum;
  }

  /**
   * One item of a compressed point.
   *
   * @param type the item type: 0 BYTE, 6 POINT10, 7 GPSTIME11, 8 RGB12, 9 WAVEPACKET13, 10 POINT14,
   *     11 RGB14, 12 RGBNIR14, 13 WAVEPACKET14, 14 BYTE14 (1–5 are unused)
   * @param size its uncompressed size in bytes
   * @param version the compression version of this item
   */
  public record Item(int type, int size, int version) {
    public static final int BYTE = 0;
    public static final int POINT10 = 6;
    public static final int GPSTIME11 = 7;
    public static final int RGB12 = 8;
    public static final int WAVEPACKET13 = 9;
    public static final int POINT14 = 10;
    public static final int RGB14 = 11;
    public static final int RGBNIR14 = 12;
    public static final int WAVEPACKET14 = 13;
    public static final int BYTE14 = 14;

    public Item {
      if (type < 0 || type > BYTE14) {
        throw new IllegalArgumentException("item type out of range: " + type);
      }
      if (size <= 0 || size > 0xFFFF) {
        throw new IllegalArgumentException("item size out of range: " + size);
      }
      if (version < 0 || version > 0xFFFF) {
        throw new IllegalArgumentException("item version out of range: " + version);
      }
    }
  }

  /**
   * Parses the payload of a laszip VLR.
   *
   * @param payloadOffset where the payload starts in the object, for messages
   * @throws MalformedDataException if the payload is too short or names an unknown item
   */
  static LaszipVlr parse(byte[] payload, ObjectLocation location, long payloadOffset)
      throws MalformedDataException {
    if (payload.length < 34) {
      throw MalformedDataException.at(
          "LAZ",
          location,
          payloadOffset,
          "laszip VLR has " + payload.length + " bytes, fewer than the 34 of its fixed part");
    }
    int n = Le.u16(payload, 32);
    if (payload.length != 34 + 6 * n) {
      throw MalformedDataException.at(
          "LAZ",
          location,
          payloadOffset + 32,
          "laszip VLR of "
              + payload.length
              + " bytes lists "
              + n
              + " items, which need "
              + (34 + 6 * n));
    }
    if (n == 0) {
      throw MalformedDataException.at(
          "LAZ", location, payloadOffset + 32, "laszip VLR lists no items");
    }
    List<Item> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int at = 34 + 6 * i;
      int type = Le.u16(payload, at);
      int size = Le.u16(payload, at + 2);
      if (type > Item.BYTE14 || (type >= 1 && type <= 5) || size == 0) {
        throw MalformedDataException.at(
            "LAZ",
            location,
            payloadOffset + at,
            "laszip item " + i + " has unknown type " + type + " or size " + size);
      }
      items.add(new Item(type, size, Le.u16(payload, at + 4)));
    }
    return new LaszipVlr(
        Le.u16(payload, 0),
        Le.u16(payload, 2),
        Le.u8(payload, 4),
        Le.u8(payload, 5),
        Le.u16(payload, 6),
        Le.u32(payload, 8),
        Le.u32(payload, 12),
        Le.i64(payload, 16),
        Le.i64(payload, 24),
        items);
  }

  /**
   * Whether the items are exactly the ones point format {@code format} with {@code extraBytes}
   * extra bytes is made of (so the decoded bytes are records of that format).
   */
  boolean matches(int format, int extraBytes) {
    List<Integer> expected = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    boolean extended = PointFormats.isExtended(format);
    expected.add(extended ? Item.POINT14 : Item.POINT10);
    sizes.add(extended ? 30 : 20);
    if (!extended && PointFormats.hasGpsTime(format)) {
      expected.add(Item.GPSTIME11);
      sizes.add(8);
    }
    if (PointFormats.hasRgb(format)) {
      boolean withNir = PointFormats.hasNir(format);
      expected.add(extended ? (withNir ? Item.RGBNIR14 : Item.RGB14) : Item.RGB12);
      sizes.add(withNir ? 8 : 6);
    }
    if (PointFormats.hasWavePacket(format)) {
      expected.add(extended ? Item.WAVEPACKET14 : Item.WAVEPACKET13);
      sizes.add(29);
    }
    if (extraBytes > 0) {
      expected.add(extended ? Item.BYTE14 : Item.BYTE);
      sizes.add(extraBytes);
    }
    if (items.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).type() != expected.get(i) || items.get(i).size() != sizes.get(i)) {
        return false;
      }
    }
    return true;
  }
}
