package io.dataplug.formats.geospatial.las;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.RangeReader;
import java.io.IOException;

/**
 * One variable length record (54-byte header, after the public header) or extended variable length
 * record (60-byte header, after the point data). The payload is not read with the header: {@link
 * #readPayload} fetches it.
 *
 * @param extended whether this is an EVLR
 * @param headerOffset where its header starts
 * @param userId the user id, NUL padding removed (for example {@code LASF_Projection}, {@code
 *     copc})
 * @param recordId the record id
 * @param description the description, NUL padding removed
 * @param payloadOffset where its payload starts
 * @param payloadLength the payload's length in bytes
 */
public record LasVlr(
    boolean extended,
    long headerOffset,
    String userId,
    int recordId,
    String description,
    long payloadOffset,
    long payloadLength) {

  public LasVlr {
    requireNonNull(userId, "userId is null");
    requireNonNull(description, "description is null");
    if (headerOffset < 0) {
      throw new IllegalArgumentException("headerOffset is negative: " + headerOffset);
    }
    if (payloadOffset != headerOffset + (extended ? 60 : 54)) {
      throw new IllegalArgumentException(
          "payloadOffset " + payloadOffset + " does not follow the header at " + headerOffset);
    }
    if (payloadLength < 0 || (!extended && payloadLength > 0xFFFF)) {
      throw new IllegalArgumentException("payloadLength out of range: " + payloadLength);
    }
    if (recordId < 0 || recordId > 0xFFFF) {
      throw new IllegalArgumentException("recordId out of range: " + recordId);
    }
  }

  /** Whether this record has the given user id and record id. */
  public boolean is(String userId, int recordId) {
    return this.recordId == recordId && this.userId.equals(userId);
  }

  /** The payload's bytes in the object. */
  public ByteRange payloadRange() {
    return new ByteRange(payloadOffset, payloadLength);
  }

  /**
   * Reads the payload (one range request).
   *
   * @throws IllegalArgumentException if the payload is longer than an array can hold
   * @throws IOException if the read fails
   */
  public byte[] readPayload(RangeReader reader) throws IOException {
    return reader.readFully(payloadRange());
  }
}
