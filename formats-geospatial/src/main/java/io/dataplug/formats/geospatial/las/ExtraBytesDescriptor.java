package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

/**
 * One Extra Bytes descriptor (192 bytes of a {@code LASF_Spec}/4 record, LAS 1.4 R15 §2.5.2.2): the
 * name and type of a field stored in each point's extra bytes. The descriptors of all Extra Bytes
 * records, in file order, describe the extra bytes from their first byte on.
 *
 * @param dataType 0 = undocumented bytes ({@code options} bytes long), 1 u8, 2 i8, 3 u16, 4 i16, 5
 *     u32, 6 i32, 7 u64, 8 i64, 9 f32, 10 f64; 11–30 the deprecated 2- and 3-element tuples
 * @param options bit 0 no-data, 1 min, 2 max, 3 scale, 4 offset are set
 * @param name the field's name
 * @param description the field's description
 * @param noDataBits the raw 8 bytes of the no-data value (u64, i64 or f64 bits by type)
 * @param minBits the raw 8 bytes of the minimum
 * @param maxBits the raw 8 bytes of the maximum
 * @param scale the scale (meaningful when {@link #hasScale()})
 * @param offset the offset (meaningful when {@link #hasOffset()})
 */
public record ExtraBytesDescriptor(
    int dataType,
    int options,
    String name,
    String description,
    long noDataBits,
    long minBits,
    long maxBits,
    double scale,
    double offset) {

  /** The size of one descriptor. */
  public static final int SIZE = 192;

  private static final int[] TYPE_SIZE = {0, 1, 1, 2, 2, 4, 4, 8, 8, 4, 8};

  public ExtraBytesDescriptor {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    if (dataType < 0 || dataType > 30) {
      throw new IllegalArgumentException("dataType out of range: " + dataType);
    }
    if (options < 0 || options > 0xFF) {
      throw new IllegalArgumentException("options out of range: " + options);
    }
  }

  /** Bytes this field takes in each point. */
  public int byteSize() {
    if (dataType == 0) {
      return options;
    }
    if (dataType <= 10) {
      return TYPE_SIZE[dataType];
    }
    int element = (dataType - 1) % 10 + 1;
    int elements = dataType <= 20 ? 2 : 3;
    return TYPE_SIZE[element] * elements;
  }

  public boolean hasNoData() {
    return (options & 0x01) != 0;
  }

  public boolean hasMin() {
    return (options & 0x02) != 0;
  }

  public boolean hasMax() {
    return (options & 0x04) != 0;
  }

  public boolean hasScale() {
    return (options & 0x08) != 0;
  }

  public boolean hasOffset() {
    return (options & 0x10) != 0;
  }

  /** Parses the descriptor at {@code bytes[at, at + 192)}. */
  static ExtraBytesDescriptor parse(byte[] bytes, int at) {
    return new ExtraBytesDescriptor(
        Le.u8(bytes, at + 2),
        Le.u8(bytes, at + 3),
        Le.text(bytes, at + 4, 32),
        Le.text(bytes, at + 160, 32),
        Le.i64(bytes, at + 40),
        Le.i64(bytes, at + 64),
        Le.i64(bytes, at + 88),
        Le.f64(bytes, at + 112),
        Le.f64(bytes, at + 136));
  }
}
