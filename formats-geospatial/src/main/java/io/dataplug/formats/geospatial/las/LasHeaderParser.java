package io.dataplug.formats.geospatial.las;

import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Parses and checks a LAS public header, its VLRs and EVLRs (LAS 1.4 R15 §2.4–2.5). */
final class LasHeaderParser {
  private static final int MIN_HEADER = 227;
  private static final int VLR_HEADER = 54;
  private static final int EVLR_HEADER = 60;

  private final RangeReader reader;
  private final ObjectLocation location;
  private final byte @Nullable [] head;

  /** A parser that fetches what it needs through {@code reader}. */
  LasHeaderParser(RangeReader reader) {
    this(reader, null);
  }

  /**
   * A parser of the object's bytes before its point data, {@code head}, already fetched; it reads
   * no EVLRs (through {@code reader} it only asks the object's size).
   */
  LasHeaderParser(RangeReader reader, byte @Nullable [] head) {
    this.reader = reader;
    this.location = reader.location();
    this.head = head;
  }

  private MalformedDataException fail(long offset, String problem) {
    return MalformedDataException.at("LAS", location, offset, problem);
  }

  LasHeader parse() throws IOException {
    long size = reader.size();
    if (size < MIN_HEADER) {
      throw fail(
          size,
          "the object ends after "
              + size
              + " bytes, before the end of a LAS public header ("
              + MIN_HEADER
              + " bytes)");
    }
    ByteWindow w =
        head == null
            ? new ByteWindow(reader, size, "LAS")
            : ByteWindow.over(reader, size, "LAS", head);
    String signature = w.text(0, 4);
    if (!signature.equals("LASF")) {
      throw fail(0, "the signature is '" + signature + "', not 'LASF'");
    }
    int major = w.u8(24);
    int minor = w.u8(25);
    if (major != 1 || minor > 4) {
      throw fail(24, "unsupported LAS version " + major + "." + minor);
    }
    int headerSize = w.u16(94);
    int needed = minor <= 2 ? 227 : minor == 3 ? 235 : 375;
    if (headerSize < needed) {
      throw fail(
          94,
          "header size "
              + headerSize
              + " is smaller than the "
              + needed
              + " bytes of a LAS 1."
              + minor
              + " header");
    }
    if (headerSize > size) {
      throw fail(
          94,
          "header size " + headerSize + " runs past the end of the object (" + size + " bytes)");
    }
    long pointData = w.u32(96);
    if (pointData < headerSize) {
      throw fail(
          96,
          "offset to point data " + pointData + " is inside the " + headerSize + "-byte header");
    }
    if (pointData > size) {
      throw fail(
          96,
          "offset to point data "
              + pointData
              + " is past the end of the object ("
              + size
              + " bytes)");
    }
    long vlrCount = w.u32(100);
    int rawFormat = w.u8(104);
    int format = rawFormat & 0x3F;
    boolean compressionBits = (rawFormat & 0xC0) != 0;
    if (!PointFormats.isKnown(format)) {
      throw fail(
          104, "unknown point data record format " + format + " (raw byte " + rawFormat + ")");
    }
    int recordLength = w.u16(105);
    int base = PointFormats.baseSize(format);
    if (recordLength < base) {
      throw fail(
          105,
          "point record length "
              + recordLength
              + " is smaller than the "
              + base
              + " bytes point format "
              + format
              + " needs");
    }
    long legacyCount = w.u32(107);
    List<Long> legacyByReturn = new ArrayList<>(5);
    for (int i = 0; i < 5; i++) {
      legacyByReturn.add(w.u32(111 + 4L * i));
    }
    double[] scale = new double[3];
    double[] offset = new double[3];
    for (int i = 0; i < 3; i++) {
      scale[i] = w.f64(131 + 8L * i);
      offset[i] = w.f64(155 + 8L * i);
      if (!Double.isFinite(scale[i]) || scale[i] == 0) {
        throw fail(131 + 8L * i, "scale factor " + "xyz".charAt(i) + " is " + scale[i]);
      }
      if (!Double.isFinite(offset[i])) {
        throw fail(155 + 8L * i, "offset " + "xyz".charAt(i) + " is " + offset[i]);
      }
    }
    Bounds3d bounds =
        new Bounds3d(w.f64(187), w.f64(203), w.f64(219), w.f64(179), w.f64(195), w.f64(211));
    int globalEncoding = minor == 0 ? 0 : w.u16(6);
    long waveformStart = headerSize >= 235 ? w.i64(227) : 0;
    if ((globalEncoding & 0x02) != 0 && (waveformStart < 0 || waveformStart > size)) {
      throw fail(
          227,
          "start of waveform data "
              + Long.toUnsignedString(waveformStart)
              + " is past the end of the object ("
              + size
              + " bytes)");
    }
    long evlrStart = 0;
    long evlrCount = 0;
    long pointCount = legacyCount;
    long countField = 107;
    List<Long> byReturn = legacyByReturn;
    if (headerSize >= 375) {
      evlrStart = w.i64(235);
      evlrCount = w.u32(243);
      long count64 = w.i64(247);
      if (count64 < 0) {
        throw fail(247, "point count " + Long.toUnsignedString(count64) + " is impossible");
      }
      if (count64 != 0) {
        if (legacyCount != 0 && legacyCount != count64) {
          throw fail(
              247,
              "the 64-bit point count "
                  + count64
                  + " differs from the legacy point count "
                  + legacyCount
                  + " at byte 107");
        }
        pointCount = count64;
        countField = 247;
        byReturn = new ArrayList<>(15);
        for (int i = 0; i < 15; i++) {
          byReturn.add(w.i64(255 + 8L * i));
        }
      }
      if (evlrCount > 0 && (evlrStart < pointData || evlrStart > size)) {
        throw fail(
            235,
            "start of the first EVLR "
                + Long.toUnsignedString(evlrStart)
                + " is outside the object's data ["
                + pointData
                + ", "
                + size
                + "]");
      }
    }

    List<LasVlr> vlrs = readVlrs(w, headerSize, vlrCount, pointData);
    Optional<LasVlr> laszipRecord =
        vlrs.stream().filter(v -> v.is(LaszipVlr.USER_ID, LaszipVlr.RECORD_ID)).findFirst();
    Optional<LaszipVlr> laszip = Optional.empty();
    if (compressionBits) {
      if (laszipRecord.isEmpty()) {
        throw fail(
            104,
            "point format byte "
                + rawFormat
                + " marks compressed points, but there is no laszip VLR");
      }
      LasVlr v = laszipRecord.get();
      LaszipVlr parsed =
          LaszipVlr.parse(
              w.bytes(v.payloadOffset(), (int) v.payloadLength()), location, v.payloadOffset());
      if (!parsed.matches(format, recordLength - base)) {
        throw MalformedDataException.at(
            "LAZ",
            location,
            v.payloadOffset() + 34,
            "laszip items "
                + parsed.items()
                + " do not make point format "
                + format
                + " with "
                + (recordLength - base)
                + " extra bytes");
      }
      laszip = Optional.of(parsed);
    } else {
      long available = (evlrCount > 0 ? evlrStart : size) - pointData;
      if (pointCount > available / recordLength) {
        throw fail(
            countField,
            "point count "
                + pointCount
                + " of "
                + recordLength
                + "-byte records needs more than the "
                + available
                + " bytes from the point data at byte "
                + pointData
                + " to "
                + (evlrCount > 0 ? "the first EVLR" : "the end of the object"));
      }
    }
    List<LasVlr> evlrs = w.fetches() ? readEvlrs(w, evlrStart, evlrCount) : List.of();
    List<ExtraBytesDescriptor> extraBytes = new ArrayList<>();
    int describedBytes = 0;
    for (LasVlr v : concat(vlrs, evlrs)) {
      if (!v.is("LASF_Spec", 4)) {
        continue;
      }
      if (v.payloadLength() % ExtraBytesDescriptor.SIZE != 0
          || v.payloadLength() > (long) recordLength * ExtraBytesDescriptor.SIZE) {
        throw fail(
            v.payloadOffset(),
            "Extra Bytes record of "
                + v.payloadLength()
                + " bytes is not a whole number of 192-byte descriptors for "
                + (recordLength - base)
                + " extra bytes");
      }
      byte[] payload = w.bytes(v.payloadOffset(), (int) v.payloadLength());
      for (int at = 0; at < payload.length; at += ExtraBytesDescriptor.SIZE) {
        int type = Le.u8(payload, at + 2);
        if (type > 30) {
          throw fail(v.payloadOffset() + at + 2, "unknown Extra Bytes data type " + type);
        }
        ExtraBytesDescriptor d = ExtraBytesDescriptor.parse(payload, at);
        describedBytes += d.byteSize();
        extraBytes.add(d);
      }
      if (describedBytes > recordLength - base) {
        throw fail(
            v.payloadOffset(),
            "Extra Bytes descriptors describe "
                + describedBytes
                + " bytes per point, but the records have "
                + (recordLength - base)
                + " extra bytes");
      }
    }
    return new LasHeader(
        location,
        size,
        minor == 0 ? 0 : w.u16(4),
        globalEncoding,
        major,
        minor,
        w.text(26, 32),
        w.text(58, 32),
        w.u16(90),
        w.u16(92),
        headerSize,
        pointData,
        format,
        compressionBits,
        recordLength,
        pointCount,
        byReturn,
        new Xyz(scale[0], scale[1], scale[2]),
        new Xyz(offset[0], offset[1], offset[2]),
        bounds,
        waveformStart,
        evlrStart,
        vlrs,
        evlrs,
        laszip,
        extraBytes);
  }

  /** VLR headers one by one: each must lie between the public header and the point data. */
  private List<LasVlr> readVlrs(ByteWindow w, int headerSize, long count, long pointData)
      throws IOException {
    List<LasVlr> vlrs = new ArrayList<>();
    long pos = headerSize;
    for (long i = 0; i < count; i++) {
      if (pos + VLR_HEADER > pointData) {
        throw fail(
            pos,
            "VLR "
                + i
                + " of "
                + count
                + ": its 54-byte header would end at byte "
                + (pos + VLR_HEADER)
                + ", past the start of point data at byte "
                + pointData);
      }
      long length = w.u16(pos + 20);
      long end = pos + VLR_HEADER + length;
      String userId = w.text(pos + 2, 16);
      int recordId = w.u16(pos + 18);
      if (end > pointData) {
        throw fail(
            pos + 20,
            "VLR "
                + i
                + " of "
                + count
                + " ('"
                + userId
                + "'/"
                + recordId
                + ") has length "
                + length
                + " and would end at byte "
                + end
                + (end > w.size()
                    ? ", past the end of the object (" + w.size() + " bytes)"
                    : ", past the start of point data at byte " + pointData));
      }
      vlrs.add(
          new LasVlr(false, pos, userId, recordId, w.text(pos + 22, 32), pos + VLR_HEADER, length));
      pos = end;
    }
    return vlrs;
  }

  /** EVLR headers one by one: each must end within the object. */
  private List<LasVlr> readEvlrs(ByteWindow w, long start, long count) throws IOException {
    List<LasVlr> evlrs = new ArrayList<>();
    long pos = start;
    for (long i = 0; i < count; i++) {
      if (pos + EVLR_HEADER > w.size()) {
        throw fail(
            pos,
            "EVLR "
                + i
                + " of "
                + count
                + ": its 60-byte header would end at byte "
                + (pos + EVLR_HEADER)
                + ", past the end of the object ("
                + w.size()
                + " bytes)");
      }
      long length = w.i64(pos + 20);
      String userId = w.text(pos + 2, 16);
      int recordId = w.u16(pos + 18);
      if (length < 0 || length > w.size() - pos - EVLR_HEADER) {
        throw fail(
            pos + 20,
            "EVLR "
                + i
                + " of "
                + count
                + " ('"
                + userId
                + "'/"
                + recordId
                + ") has length "
                + Long.toUnsignedString(length)
                + ", past the end of the object ("
                + w.size()
                + " bytes)");
      }
      evlrs.add(
          new LasVlr(true, pos, userId, recordId, w.text(pos + 28, 32), pos + EVLR_HEADER, length));
      pos += EVLR_HEADER + length;
    }
    return evlrs;
  }

  private static List<LasVlr> concat(List<LasVlr> a, List<LasVlr> b) {
    List<LasVlr> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
