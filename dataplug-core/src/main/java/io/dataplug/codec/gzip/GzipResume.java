package io.dataplug.codec.gzip;

import java.io.Serializable;

/**
 * What a slice of a gzip object needs to decompress its part: the checkpoint to start from and
 * where its window is in the sidecar (fetched with one small range request).
 *
 * @param compressedOffset the checkpoint's compressed offset (where the slice's range starts)
 * @param uncompressedOffset the checkpoint's offset in the decompressed stream
 * @param windows location of the windows blob
 * @param windowOffset offset of the window in that blob
 * @param windowLength deflate-compressed window length, 0 at a member start
 * @param firstDeflateOffset where the first member's deflate data starts (to read a header)
 * @param objectSize size of the compressed object
 */
public record GzipResume(
    long compressedOffset,
    long uncompressedOffset,
    String windows,
    long windowOffset,
    int windowLength,
    long firstDeflateOffset,
    long objectSize)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public GzipResume {
    if (compressedOffset < 0
        || uncompressedOffset < 0
        || windowOffset < 0
        || windowLength < 0
        || firstDeflateOffset < 0
        || objectSize < compressedOffset) {
      throw new IllegalArgumentException("invalid gzip resume point");
    }
  }

  /** The checkpoint this resume point was made from. */
  public GzipCheckpoint checkpoint() {
    return new GzipCheckpoint(compressedOffset, 0, uncompressedOffset, windowOffset, windowLength);
  }
}
