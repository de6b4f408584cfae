package io.dataplug.formats.geospatial.copc;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ByteRange;

/**
 * A reference to a hierarchy page: the root page named by the info VLR, or a child page named by an
 * entry with point count −1.
 *
 * @param key the key of the entry that names the page (the root's key for the root page)
 * @param offset where the page starts
 * @param byteSize the page's length, a positive multiple of 32
 * @param referenceOffset where the reference was read (the entry, or the info VLR's field), for
 *     messages
 */
public record CopcPageRef(CopcKey key, long offset, long byteSize, long referenceOffset) {

  public CopcPageRef {
    requireNonNull(key, "key is null");
    if (offset < 0 || byteSize <= 0 || byteSize % CopcHierarchy.ENTRY_SIZE != 0) {
      throw new IllegalArgumentException(
          "invalid hierarchy page [" + offset + ", +" + byteSize + ")");
    }
  }

  /** The page's bytes. */
  public ByteRange range() {
    return new ByteRange(offset, byteSize);
  }
}
