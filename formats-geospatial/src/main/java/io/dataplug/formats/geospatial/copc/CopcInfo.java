package io.dataplug.formats.geospatial.copc;

import static java.util.Objects.requireNonNull;

import io.dataplug.formats.geospatial.las.Bounds3d;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.formats.geospatial.las.LasVlr;
import io.dataplug.formats.geospatial.las.Xyz;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.RangeReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The COPC info VLR (user id {@code copc}, record id 1, 160 bytes, the file's first VLR).
 *
 * @param center the centre of the octree's root cube
 * @param halfsize the distance from the centre to each face of the root cube
 * @param spacing the distance between points at the root level (halved at each level down)
 * @param rootHierarchyOffset where the root hierarchy page starts
 * @param rootHierarchySize the root hierarchy page's length
 * @param gpsTimeMin the smallest GPS time of the points (0 when unknown)
 * @param gpsTimeMax the largest GPS time of the points (0 when unknown)
 * @param payloadOffset where the VLR's payload starts in the object
 */
public record CopcInfo(
    Xyz center,
    double halfsize,
    double spacing,
    long rootHierarchyOffset,
    long rootHierarchySize,
    double gpsTimeMin,
    double gpsTimeMax,
    long payloadOffset) {

  /** The user id of the info VLR. */
  public static final String USER_ID = "copc";

  /** The record id of the info VLR. */
  public static final int RECORD_ID = 1;

  /** The length of the info VLR's payload. */
  public static final int LENGTH = 160;

  public CopcInfo {
    requireNonNull(center, "center is null");
    if (!(halfsize > 0) || Double.isInfinite(halfsize)) {
      throw new IllegalArgumentException("halfsize is not positive: " + halfsize);
    }
  }

  /** The octree's root cube. */
  public Bounds3d cube() {
    return new Bounds3d(
        center.x() - halfsize,
        center.y() - halfsize,
        center.z() - halfsize,
        center.x() + halfsize,
        center.y() + halfsize,
        center.z() + halfsize);
  }

  /** The reference to the root hierarchy page. */
  public CopcPageRef rootPage() {
    return new CopcPageRef(
        CopcKey.ROOT, rootHierarchyOffset, rootHierarchySize, payloadOffset + 40);
  }

  /**
   * Reads the info VLR of a COPC file (one range request).
   *
   * @throws MalformedDataException if the file is not COPC (the first VLR is not the info VLR, the
   *     points are not compressed formats 6–8) or the VLR's values are impossible
   * @throws IOException if reading fails
   */
  public static CopcInfo read(RangeReader reader, LasHeader header) throws IOException {
    requireNonNull(reader, "reader is null");
    requireNonNull(header, "header is null");
    if (header.vlrs().isEmpty() || !header.vlrs().get(0).is(USER_ID, RECORD_ID)) {
      throw fail(
          header,
          header.headerSize(),
          "the first VLR is "
              + (header.vlrs().isEmpty()
                  ? "missing"
                  : "'" + header.vlrs().get(0).userId() + "'/" + header.vlrs().get(0).recordId())
              + ", not the COPC info VLR 'copc'/1");
    }
    LasVlr vlr = header.vlrs().get(0);
    if (vlr.payloadLength() != LENGTH) {
      throw fail(
          header,
          vlr.headerOffset() + 20,
          "the COPC info VLR has " + vlr.payloadLength() + " bytes, not " + LENGTH);
    }
    if (!header.compressed() || header.pointFormat() < 6 || header.pointFormat() > 8) {
      throw fail(
          header,
          104,
          "COPC needs compressed points of format 6, 7 or 8, not "
              + (header.compressed() ? "compressed" : "uncompressed")
              + " format "
              + header.pointFormat());
    }
    ByteBuffer b = ByteBuffer.wrap(vlr.readPayload(reader)).order(ByteOrder.LITTLE_ENDIAN);
    long at = vlr.payloadOffset();
    Xyz center = new Xyz(b.getDouble(0), b.getDouble(8), b.getDouble(16));
    if (!Double.isFinite(center.x())
        || !Double.isFinite(center.y())
        || !Double.isFinite(center.z())) {
      throw fail(header, at, "the octree centre " + center + " is not finite");
    }
    double halfsize = b.getDouble(24);
    if (!(halfsize > 0) || Double.isInfinite(halfsize)) {
      throw fail(header, at + 24, "the octree halfsize " + halfsize + " is not positive");
    }
    long rootOffset = b.getLong(40);
    long rootSize = b.getLong(48);
    if (rootSize <= 0 || rootSize % CopcHierarchy.ENTRY_SIZE != 0) {
      throw fail(
          header,
          at + 48,
          "the root hierarchy page size "
              + Long.toUnsignedString(rootSize)
              + " is not a positive multiple of 32");
    }
    if (rootOffset < 0 || rootOffset > header.objectSize() - rootSize) {
      throw fail(
          header,
          at + 40,
          "the root hierarchy page ["
              + Long.toUnsignedString(rootOffset)
              + ", +"
              + rootSize
              + ") points outside the object ("
              + header.objectSize()
              + " bytes)");
    }
    return new CopcInfo(
        center,
        halfsize,
        b.getDouble(32),
        rootOffset,
        rootSize,
        b.getDouble(56),
        b.getDouble(64),
        at);
  }

  private static MalformedDataException fail(LasHeader header, long offset, String problem) {
    return MalformedDataException.at("COPC", header.location(), offset, problem);
  }
}
