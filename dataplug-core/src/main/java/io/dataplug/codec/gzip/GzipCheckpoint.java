package io.dataplug.codec.gzip;

/**
 * A place where inflating can resume: a deflate block boundary (or a gzip member start).
 *
 * @param compressedOffset offset of the byte holding the first bit of the block (or of the member's
 *     first deflate byte)
 * @param bits how many high bits of that byte belong to the block: 0 when the block starts on a
 *     byte boundary, else 1 to 7 (the block starts at bit {@code 8 - bits} of the byte)
 * @param uncompressedOffset offset in the decompressed stream where the block's output starts
 * @param windowOffset offset of this checkpoint's window in the windows blob
 * @param windowLength deflate-compressed length of the window; 0 at a member start (no history)
 */
public record GzipCheckpoint(
    long compressedOffset, int bits, long uncompressedOffset, long windowOffset, int windowLength) {
  public GzipCheckpoint {
    if (compressedOffset < 0 || uncompressedOffset < 0 || windowOffset < 0 || windowLength < 0) {
      throw new IllegalArgumentException("negative checkpoint field");
    }
    if (bits < 0 || bits > 7) {
      throw new IllegalArgumentException("bits must be 0 to 7: " + bits);
    }
  }
}
