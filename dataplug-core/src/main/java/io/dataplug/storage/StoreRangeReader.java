package io.dataplug.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RangeReader} over any store's range requests, pinned to one ETag, whose streams resume
 * after failures ({@link ResumingStream}). A reader opened without an ETag pins itself to the one a
 * HEAD reports on first use, so a resumed read never mixes two versions of the object.
 */
final class StoreRangeReader implements RangeReader {
  private final ObjectStore store;
  private final ObjectLocation location;
  private final @Nullable String etag;
  private volatile @Nullable ObjectMetadata metadata;

  StoreRangeReader(ObjectStore store, ObjectLocation location, @Nullable String etag) {
    this.store = requireNonNull(store, "store is null");
    this.location = requireNonNull(location, "location is null");
    this.etag = etag;
  }

  @Override
  public ObjectLocation location() {
    return location;
  }

  @Override
  public long size() throws IOException {
    return metadata().size();
  }

  /** The object's metadata (one HEAD, then cached), checked against the pinned ETag. */
  private ObjectMetadata metadata() throws IOException {
    ObjectMetadata meta = metadata;
    if (meta == null) {
      meta = store.metadata(location);
      if (etag != null && meta.etag() != null && !Objects.equals(etag, meta.etag())) {
        throw new ObjectChangedException(
            "Object changed: " + location + " (ETag " + etag + " → " + meta.etag() + ")");
      }
      metadata = meta;
    }
    return meta;
  }

  @Override
  public InputStream stream(ByteRange range) throws IOException {
    String pinned = etag != null || range.isEmpty() ? etag : metadata().etag();
    return ResumingStream.open(store, location, range, pinned, store.readAttempts());
  }

  @Override
  public String toString() {
    return "RangeReader(" + location + ")";
  }
}
