package io.dataplug.formats.geospatial.las;

import static java.util.Objects.checkFromIndexSize;
import static java.util.Objects.requireNonNull;

import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.util.Set;

/**
 * Decodes uncompressed LAS point records (formats 0–10) into {@link PointBatch}es. Waveform packet
 * fields are skipped; extra bytes are kept raw. Thread-safe (stateless).
 */
public final class LasPoints {
  private LasPoints() {}

  /**
   * Decodes {@code count} consecutive records of {@code header}'s format and record length from
   * {@code records[offset, offset + count * recordLength)}.
   *
   * @param columns the columns wanted ({@link PointColumn#all()}, {@link PointColumn#xyzOnly()});
   *     those the format lacks are left out of the batch
   * @throws IndexOutOfBoundsException if the records do not fit in the array
   */
  public static PointBatch decode(
      LasHeader header, byte[] records, int offset, int count, Set<PointColumn> columns) {
    requireNonNull(header, "header is null");
    return decode(
        header.pointFormat(),
        header.pointRecordLength(),
        header.scale(),
        header.offset(),
        records,
        offset,
        count,
        columns);
  }

  /**
   * Reads and decodes the records {@code [firstPoint, firstPoint + count)} of an uncompressed file:
   * one range request.
   *
   * @throws IllegalStateException if the file is compressed
   * @throws IllegalArgumentException if the points are not in the file
   * @throws IOException if the read fails
   */
  public static PointBatch read(
      RangeReader reader, LasHeader header, long firstPoint, int count, Set<PointColumn> columns)
      throws IOException {
    requireNonNull(reader, "reader is null");
    byte[] records = reader.readFully(header.pointRecordRange(firstPoint, count));
    return decode(header, records, 0, count, columns);
  }

  static PointBatch decode(
      int format,
      int recordLength,
      Xyz scale,
      Xyz offset,
      byte[] records,
      int start,
      int count,
      Set<PointColumn> columns) {
    requireNonNull(records, "records is null");
    requireNonNull(columns, "columns is null");
    if (!PointFormats.isKnown(format)) {
      throw new IllegalArgumentException("unknown point format: " + format);
    }
    int base = PointFormats.baseSize(format);
    if (recordLength < base) {
      throw new IllegalArgumentException(
          "record length " + recordLength + " is smaller than " + base + " for format " + format);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count is negative: " + count);
    }
    checkFromIndexSize(start, Math.multiplyExact(count, recordLength), records.length);
    int extra = recordLength - base;
    PointBatch.Builder b = new PointBatch.Builder(format, extra, count, columns);
    boolean extended = PointFormats.isExtended(format);
    boolean intensity = b.has(PointColumn.INTENSITY);
    boolean returns = b.has(PointColumn.RETURNS);
    boolean flags = b.has(PointColumn.FLAGS);
    boolean classification = b.has(PointColumn.CLASSIFICATION);
    boolean scanAngle = b.has(PointColumn.SCAN_ANGLE);
    boolean userData = b.has(PointColumn.USER_DATA);
    boolean pointSource = b.has(PointColumn.POINT_SOURCE_ID);
    boolean gps = b.has(PointColumn.GPS_TIME);
    boolean rgb = b.has(PointColumn.RGB);
    boolean nir = b.has(PointColumn.NIR);
    boolean extraBytes = b.has(PointColumn.EXTRA_BYTES);
    int gpsAt = PointFormats.gpsTimeOffset(format);
    int rgbAt = PointFormats.rgbOffset(format);
    int nirAt = PointFormats.nirOffset(format);
    double sx = scale.x();
    double sy = scale.y();
    double sz = scale.z();
    double ox = offset.x();
    double oy = offset.y();
    double oz = offset.z();
    for (int i = 0, p = start; i < count; i++, p += recordLength) {
      b.x[i] = Le.i32(records, p) * sx + ox;
      b.y[i] = Le.i32(records, p + 4) * sy + oy;
      b.z[i] = Le.i32(records, p + 8) * sz + oz;
      if (intensity) {
        b.intensity[i] = Le.u16(records, p + 12);
      }
      int bits = Le.u8(records, p + 14);
      int more = Le.u8(records, p + 15);
      if (extended) {
        if (returns) {
          b.returnNumber[i] = (byte) (bits & 0x0F);
          b.numberOfReturns[i] = (byte) (bits >>> 4);
        }
        if (flags) {
          b.flags[i] = (byte) more;
        }
        if (classification) {
          b.classification[i] = (short) Le.u8(records, p + 16);
        }
        if (userData) {
          b.userData[i] = (short) Le.u8(records, p + 17);
        }
        if (scanAngle) {
          b.scanAngle[i] = Le.i16(records, p + 18) * 0.006;
        }
        if (pointSource) {
          b.pointSourceId[i] = Le.u16(records, p + 20);
        }
      } else {
        if (returns) {
          b.returnNumber[i] = (byte) (bits & 0x07);
          b.numberOfReturns[i] = (byte) ((bits >>> 3) & 0x07);
        }
        if (flags) {
          // synthetic, key-point, withheld (bits 5-7 of byte 15) down to bits 0-2; scan direction
          // and edge of flight line (bits 6-7 of byte 14) stay where they are
          b.flags[i] = (byte) ((more >>> 5) | (bits & 0xC0));
        }
        if (classification) {
          b.classification[i] = (short) (more & 0x1F);
        }
        if (scanAngle) {
          b.scanAngle[i] = records[p + 16];
        }
        if (userData) {
          b.userData[i] = (short) Le.u8(records, p + 17);
        }
        if (pointSource) {
          b.pointSourceId[i] = Le.u16(records, p + 18);
        }
      }
      if (gps) {
        b.gpsTime[i] = Le.f64(records, p + gpsAt);
      }
      if (rgb) {
        b.red[i] = Le.u16(records, p + rgbAt);
        b.green[i] = Le.u16(records, p + rgbAt + 2);
        b.blue[i] = Le.u16(records, p + rgbAt + 4);
      }
      if (nir) {
        b.nir[i] = Le.u16(records, p + nirAt);
      }
      if (extraBytes) {
        System.arraycopy(records, p + base, b.extraBytes, i * extra, extra);
      }
    }
    return b.build();
  }
}
