package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The public header block of a LAS 1.0–1.4 or LAZ file, with its VLRs, EVLRs, laszip VLR and Extra
 * Bytes descriptors. Made by {@link #read}, which checks every offset, length and count against the
 * object's size; a header that passes can be used to address the file's bytes without further
 * bounds checks.
 *
 * @param location the object the header was read from (named in error messages)
 * @param objectSize the object's size in bytes
 * @param fileSourceId file source id (0 for LAS 1.0)
 * @param globalEncoding global encoding bits (bit 0 adjusted standard GPS time, bit 4 WKT)
 * @param versionMajor 1
 * @param versionMinor 0–4
 * @param systemIdentifier system identifier
 * @param generatingSoftware generating software
 * @param creationDayOfYear creation day of year (0 when unset)
 * @param creationYear creation year (0 when unset)
 * @param headerSize size of the public header block (227, 235 or 375, or more)
 * @param offsetToPointData absolute offset of the first point record (or of the LAZ chunk table
 *     offset)
 * @param pointFormat point data record format 0–10 (the raw byte with its two compression bits
 *     masked off)
 * @param compressed whether the points are LASzip-compressed (compression bits set and a laszip VLR
 *     present)
 * @param pointRecordLength bytes per (uncompressed) point record, extra bytes included
 * @param pointCount number of point records: the 64-bit count of LAS 1.4 where it is set, else the
 *     legacy 32-bit count
 * @param pointsByReturn points by return: 15 counts from the 64-bit fields where they are used,
 *     else the 5 legacy counts
 * @param scale scale factors
 * @param offset offsets; world coordinate = stored integer × scale + offset
 * @param bounds the bounds the header states (min and max of x, y, z)
 * @param waveformDataStart start of the waveform data packet record (LAS 1.3+, else 0)
 * @param evlrStart start of the first EVLR (LAS 1.4, else 0)
 * @param vlrs the VLRs in file order (the laszip VLR included)
 * @param evlrs the EVLRs in file order (empty when parsed by {@link #parseHead})
 * @param laszip the laszip VLR, present exactly when {@code compressed}
 * @param extraBytes the Extra Bytes descriptors of all {@code LASF_Spec}/4 records, in file order
 */
public record LasHeader(
    ObjectLocation location,
    long objectSize,
    int fileSourceId,
    int globalEncoding,
    int versionMajor,
    int versionMinor,
    String systemIdentifier,
    String generatingSoftware,
    int creationDayOfYear,
    int creationYear,
    int headerSize,
    long offsetToPointData,
    int pointFormat,
    boolean compressed,
    int pointRecordLength,
    long pointCount,
    List<Long> pointsByReturn,
    Xyz scale,
    Xyz offset,
    Bounds3d bounds,
    long waveformDataStart,
    long evlrStart,
    List<LasVlr> vlrs,
    List<LasVlr> evlrs,
    Optional<LaszipVlr> laszip,
    List<ExtraBytesDescriptor> extraBytes) {

  public LasHeader {
    requireNonNull(location, "location is null");
    requireNonNull(systemIdentifier, "systemIdentifier is null");
    requireNonNull(generatingSoftware, "generatingSoftware is null");
    requireNonNull(scale, "scale is null");
    requireNonNull(offset, "offset is null");
    requireNonNull(bounds, "bounds is null");
    requireNonNull(laszip, "laszip is null");
    pointsByReturn = List.copyOf(pointsByReturn);
    vlrs = List.copyOf(vlrs);
    evlrs = List.copyOf(evlrs);
    extraBytes = List.copyOf(extraBytes);
    if (versionMajor != 1 || versionMinor < 0 || versionMinor > 4) {
      throw new IllegalArgumentException(
          "unsupported LAS version: " + versionMajor + "." + versionMinor);
    }
    if (headerSize < 227 || headerSize > objectSize) {
      throw new IllegalArgumentException(
          "headerSize " + headerSize + " is outside [227, " + objectSize + "]");
    }
    if (!PointFormats.isKnown(pointFormat)) {
      throw new IllegalArgumentException("unknown point format: " + pointFormat);
    }
    if (pointRecordLength < PointFormats.baseSize(pointFormat) || pointRecordLength > 0xFFFF) {
      throw new IllegalArgumentException(
          "pointRecordLength " + pointRecordLength + " does not fit format " + pointFormat);
    }
    if (pointCount < 0) {
      throw new IllegalArgumentException("pointCount is negative: " + pointCount);
    }
    if (offsetToPointData < headerSize || offsetToPointData > objectSize) {
      throw new IllegalArgumentException(
          "offsetToPointData "
              + offsetToPointData
              + " is outside ["
              + headerSize
              + ", "
              + objectSize
              + "]");
    }
    if (compressed != laszip.isPresent()) {
      throw new IllegalArgumentException(
          "compressed is " + compressed + " but laszip is " + laszip);
    }
  }

  /**
   * Reads and checks the header, the VLR and EVLR headers, the laszip VLR and the Extra Bytes
   * descriptors. Reads a window at the start of the object (64 KiB, or the whole object if
   * smaller), more only where VLRs or EVLRs lie beyond it; other VLR payloads are not read.
   *
   * @throws MalformedDataException if the object is not a LAS/LAZ file this reader understands, or
   *     any offset, length or count in it is impossible; the message names the object and the
   *     offset of the bad field
   * @throws IOException if reading fails
   */
  public static LasHeader read(RangeReader reader) throws IOException {
    requireNonNull(reader, "reader is null");
    return new LasHeaderParser(reader).parse();
  }

  /**
   * Parses the header and VLRs from {@code head}, the object's bytes before its point data, which a
   * slice fetched in one exact range request; fetches nothing (it asks {@code reader} only for the
   * object's size). The EVLRs are not read: {@link #evlrs()} is empty, and Extra Bytes descriptors
   * come from the VLRs only.
   *
   * @throws MalformedDataException as {@link #read} does, and if {@code head} does not end where
   *     the header says the point data starts
   * @throws IOException if asking the size fails
   */
  public static LasHeader parseHead(RangeReader reader, byte[] head) throws IOException {
    requireNonNull(reader, "reader is null");
    requireNonNull(head, "head is null");
    LasHeader header = new LasHeaderParser(reader, head).parse();
    if (header.offsetToPointData() != head.length) {
      throw MalformedDataException.at(
          "LAS",
          reader.location(),
          96,
          "the point data starts at byte "
              + header.offsetToPointData()
              + ", not after the "
              + head.length
              + " header bytes the slice holds");
    }
    return header;
  }

  /** Bytes after the standard fields in each point record. */
  public int extraBytesPerPoint() {
    return pointRecordLength - PointFormats.baseSize(pointFormat);
  }

  /** The columns this file's points have. */
  public Set<PointColumn> columns() {
    return PointFormats.columns(pointFormat, extraBytesPerPoint());
  }

  /** Whether the points are LAS 1.4 formats 6–10. */
  public boolean extendedPointFormat() {
    return PointFormats.isExtended(pointFormat);
  }

  /** The first VLR with this user id and record id. */
  public Optional<LasVlr> vlr(String userId, int recordId) {
    return vlrs.stream().filter(v -> v.is(userId, recordId)).findFirst();
  }

  /** The first EVLR with this user id and record id. */
  public Optional<LasVlr> evlr(String userId, int recordId) {
    return evlrs.stream().filter(v -> v.is(userId, recordId)).findFirst();
  }

  /**
   * The bytes of the uncompressed point records {@code [firstPoint, firstPoint + count)}.
   *
   * @throws IllegalStateException if the points are compressed
   * @throws IllegalArgumentException if the records are not all in the file
   */
  public ByteRange pointRecordRange(long firstPoint, long count) {
    if (compressed) {
      throw new IllegalStateException("the points of " + location + " are compressed");
    }
    if (firstPoint < 0 || count < 0 || firstPoint > pointCount || count > pointCount - firstPoint) {
      throw new IllegalArgumentException(
          "points [" + firstPoint + ", +" + count + ") are not in [0, " + pointCount + ")");
    }
    return new ByteRange(
        offsetToPointData + firstPoint * pointRecordLength, count * pointRecordLength);
  }
}
