package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.RangeReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Writes an uncompressed LAS file of a source file's points, streaming: the header, the VLRs, then
 * every batch as it comes; {@link #close()} appends the EVLRs and rewrites the header with the
 * counts and bounds of the points written, so a file never has to be held in memory.
 *
 * <p>What the written file keeps from its source: the version, the point data record format (the
 * LAZ compression bits cleared) and record length (extra bytes carried raw), scale and offset
 * (every coordinate is written as the source's integer, so it round-trips exactly), file source id,
 * project GUID, system identifier and creation date, and the VLRs and EVLRs. Left out: the laszip
 * VLR (the points are no longer compressed) and every {@code copc} record (they describe the
 * source's byte layout). Waveform packets are not carried: their fields are written as zero
 * (descriptor index 0, "no waveform data") and the global encoding's waveform bits are cleared.
 *
 * <p>Computed from the points written: the point count (the legacy 32-bit field up to LAS 1.3 and
 * for formats 0–5; for LAS 1.4 also the 64-bit field, while formats 6–10 leave the legacy field 0
 * as LAS 1.4 R15 requires), the points by return (5 legacy counts, and 15 in LAS 1.4), and the
 * bounds. Not thread-safe.
 */
public final class LasWriter implements Closeable {
  private static final int BUFFER_POINTS = 4096;
  private static final String GENERATOR = "dataplug";

  private final Path file;
  private final FileChannel channel;
  private final byte[] header;
  private final int pointFormat;
  private final int recordLength;
  private final Xyz scale;
  private final Xyz offset;
  private final List<Vlr> evlrs;
  private final ByteBuffer buffer;
  private final long[] byReturn = new long[15];
  private final double[] min = {
    Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY
  };
  private final double[] max = {
    Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY
  };
  private long points;
  private boolean closed;

  /** A VLR or EVLR to write: its header fields and payload. */
  private record Vlr(String userId, int recordId, String description, byte[] data) {}

  private LasWriter(Path file, LasHeader source, byte[] header, List<Vlr> vlrs, List<Vlr> evlrs)
      throws IOException {
    this.file = file;
    this.header = header;
    this.pointFormat = source.pointFormat();
    this.recordLength = source.pointRecordLength();
    this.scale = source.scale();
    this.offset = source.offset();
    this.evlrs = evlrs;
    this.buffer = ByteBuffer.allocate(BUFFER_POINTS * recordLength).order(ByteOrder.LITTLE_ENDIAN);
    long pointData = header.length;
    for (Vlr v : vlrs) {
      pointData += 54 + v.data.length;
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    h.putShort(94, (short) header.length);
    h.putInt(96, (int) pointData);
    h.putInt(100, vlrs.size());
    h.put(104, (byte) pointFormat);
    h.putShort(105, (short) recordLength);
    int encoding = Short.toUnsignedInt(h.getShort(6));
    if (source.versionMinor() > 0) {
      h.putShort(6, (short) (encoding & ~0x06)); // no waveform data, internal or external
    }
    byte[] generator = new byte[32];
    byte[] name = GENERATOR.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, generator, 0, name.length);
    h.put(58, generator);
    this.channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
    try {
      writeFully(ByteBuffer.wrap(header), 0);
      long at = header.length;
      for (Vlr v : vlrs) {
        ByteBuffer b = recordBytes(v, false);
        writeFully(b, at);
        at += b.capacity();
      }
      channel.position(at);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Creates {@code file} (replacing it) for points of {@code source}'s format, reading the source's
   * header bytes and VLR/EVLR payloads through {@code reader}.
   *
   * @throws IOException if reading the source or creating the file fails
   */
  public static LasWriter create(Path file, LasHeader source, RangeReader reader)
      throws IOException {
    requireNonNull(file, "file is null");
    requireNonNull(source, "source is null");
    requireNonNull(reader, "reader is null");
    int minor = source.versionMinor();
    int size = minor <= 2 ? 227 : minor == 3 ? 235 : 375;
    byte[] header = new byte[size];
    byte[] read = reader.readFully(new ByteRange(0, Math.min(size, source.headerSize())));
    System.arraycopy(read, 0, header, 0, read.length);
    List<Vlr> vlrs = new ArrayList<>();
    for (LasVlr v : source.vlrs()) {
      if (carried(v)) {
        vlrs.add(new Vlr(v.userId(), v.recordId(), v.description(), v.readPayload(reader)));
      }
    }
    List<Vlr> evlrs = new ArrayList<>();
    for (LasVlr v : minor >= 4 ? source.evlrs() : List.<LasVlr>of()) {
      if (carried(v)) {
        evlrs.add(new Vlr(v.userId(), v.recordId(), v.description(), v.readPayload(reader)));
      }
    }
    return new LasWriter(file, source, header, vlrs, evlrs);
  }

  private static boolean carried(LasVlr v) {
    return !v.is(LaszipVlr.USER_ID, LaszipVlr.RECORD_ID)
        && !v.userId().equals("copc")
        && !v.is("LASF_Spec", 65535); // waveform data packets: not carried
  }

  /** The file being written. */
  public Path file() {
    return file;
  }

  /** The points written so far. */
  public long pointCount() {
    return points;
  }

  /**
   * Appends the batch's points, in order, flagging those in {@code withheld} as withheld (the
   * others keep their flag).
   *
   * @throws IllegalArgumentException if the batch is of another point format or lacks a column the
   *     format has, or a coordinate does not fit the source's scale and offset
   * @throws IOException if writing fails
   */
  public void write(PointBatch batch, BitSet withheld) throws IOException {
    requireNonNull(batch, "batch is null");
    requireNonNull(withheld, "withheld is null");
    if (closed) {
      throw new IllegalStateException("closed: " + file);
    }
    int base = PointFormats.baseSize(pointFormat);
    int extra = recordLength - base;
    if (batch.pointFormat() != pointFormat
        || batch.extraBytesPerPoint() != extra
        || !batch.columns().equals(PointFormats.columns(pointFormat, extra))) {
      throw new IllegalArgumentException(
          "batch " + batch + " does not fill records of format " + pointFormat + ": " + file);
    }
    if (header.length < 375 && points + batch.size() > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("more than 2^32-1 points before LAS 1.4: " + file);
    }
    boolean extended = PointFormats.isExtended(pointFormat);
    int gpsAt = PointFormats.gpsTimeOffset(pointFormat);
    int rgbAt = PointFormats.rgbOffset(pointFormat);
    for (int i = 0; i < batch.size(); i++) {
      if (buffer.remaining() < recordLength) {
        flush();
      }
      int p = buffer.position();
      double x = batch.x()[i];
      double y = batch.y()[i];
      double z = batch.z()[i];
      buffer.putInt(p, quantize(x, scale.x(), offset.x()));
      buffer.putInt(p + 4, quantize(y, scale.y(), offset.y()));
      buffer.putInt(p + 8, quantize(z, scale.z(), offset.z()));
      buffer.putShort(p + 12, (short) batch.intensity()[i]);
      int returnNumber = batch.returnNumber()[i];
      int returns = batch.numberOfReturns()[i];
      int flags = batch.flags()[i] & 0xFF;
      if (withheld.get(i)) {
        flags |= PointBatch.FLAG_WITHHELD;
      }
      if (extended) {
        buffer.put(p + 14, (byte) (returnNumber & 0x0F | returns << 4));
        buffer.put(p + 15, (byte) flags);
        buffer.put(p + 16, (byte) batch.classification()[i]);
        buffer.put(p + 17, (byte) batch.userData()[i]);
        buffer.putShort(p + 18, (short) Math.round(batch.scanAngle()[i] / 0.006));
        buffer.putShort(p + 20, (short) batch.pointSourceId()[i]);
      } else {
        buffer.put(p + 14, (byte) (returnNumber & 0x07 | (returns & 0x07) << 3 | flags & 0xC0));
        buffer.put(p + 15, (byte) (batch.classification()[i] & 0x1F | (flags & 0x07) << 5));
        buffer.put(p + 16, (byte) Math.round(batch.scanAngle()[i]));
        buffer.put(p + 17, (byte) batch.userData()[i]);
        buffer.putShort(p + 18, (short) batch.pointSourceId()[i]);
      }
      if (PointFormats.hasGpsTime(pointFormat)) {
        buffer.putDouble(p + gpsAt, batch.gpsTime()[i]);
      }
      if (PointFormats.hasRgb(pointFormat)) {
        buffer.putShort(p + rgbAt, (short) batch.red()[i]);
        buffer.putShort(p + rgbAt + 2, (short) batch.green()[i]);
        buffer.putShort(p + rgbAt + 4, (short) batch.blue()[i]);
      }
      if (PointFormats.hasNir(pointFormat)) {
        buffer.putShort(p + PointFormats.nirOffset(pointFormat), (short) batch.nir()[i]);
      }
      // wave packet fields (formats 4, 5, 9, 10) stay zero: the waveforms are not carried
      for (int k = PointFormats.hasWavePacket(pointFormat) ? base - 29 : base; k < base; k++) {
        buffer.put(p + k, (byte) 0);
      }
      if (extra > 0) {
        buffer.put(p + base, batch.extraBytes(), i * extra, extra);
      }
      buffer.position(p + recordLength);
      if (returnNumber >= 1 && returnNumber <= 15) {
        byReturn[returnNumber - 1]++;
      }
      min[0] = Math.min(min[0], x);
      min[1] = Math.min(min[1], y);
      min[2] = Math.min(min[2], z);
      max[0] = Math.max(max[0], x);
      max[1] = Math.max(max[1], y);
      max[2] = Math.max(max[2], z);
      points++;
    }
  }

  /**
   * The stored integer of a world coordinate: {@code round((v - offset) / scale)}. For a value that
   * was decoded as {@code X * scale + offset} this is {@code X} again (the rounding error is far
   * below half a unit), which {@code LasWriterTest} checks on every point of the test files.
   */
  static int quantize(double value, double scale, double offset) {
    double q = Math.rint((value - offset) / scale);
    if (!(q >= Integer.MIN_VALUE && q <= Integer.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "coordinate " + value + " does not fit scale " + scale + " and offset " + offset);
    }
    return (int) q;
  }

  private void flush() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  private void writeFully(ByteBuffer b, long at) throws IOException {
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  private static ByteBuffer recordBytes(Vlr v, boolean extended) {
    int head = extended ? 60 : 54;
    ByteBuffer b = ByteBuffer.allocate(head + v.data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0); // reserved
    b.put(ascii(v.userId, 16));
    b.putShort((short) v.recordId);
    if (extended) {
      b.putLong(v.data.length);
    } else {
      b.putShort((short) v.data.length);
    }
    b.put(ascii(v.description, 32));
    b.put(v.data);
    return b.flip();
  }

  private static byte[] ascii(String s, int length) {
    byte[] out = new byte[length];
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, out, 0, Math.min(length, b.length));
    return out;
  }

  /**
   * Writes the buffered points, the EVLRs and the final header, and closes the file. Without points
   * the bounds are written as 0.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (channel) {
      flush();
      long end = channel.position();
      for (Vlr v : evlrs) {
        ByteBuffer b = recordBytes(v, true);
        writeFully(b, end);
        end += b.capacity();
      }
      ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      boolean v14 = header.length >= 375;
      boolean legacy = pointFormat < 6 && points <= 0xFFFFFFFFL;
      h.putInt(107, legacy ? (int) points : 0);
      for (int r = 0; r < 5; r++) {
        h.putInt(111 + 4 * r, legacy ? (int) byReturn[r] : 0);
      }
      for (int k = 0; k < 3; k++) {
        h.putDouble(179 + 16 * k, points == 0 ? 0 : max[k]);
        h.putDouble(187 + 16 * k, points == 0 ? 0 : min[k]);
      }
      if (header.length >= 235) {
        h.putLong(227, 0); // no waveform data packet record
      }
      if (v14) {
        h.putLong(235, evlrs.isEmpty() ? 0 : channel.position());
        h.putInt(243, evlrs.size());
        h.putLong(247, points);
        for (int r = 0; r < 15; r++) {
          h.putLong(255 + 8 * r, byReturn[r]);
        }
      }
      writeFully(ByteBuffer.wrap(header), 0);
    }
  }
}
