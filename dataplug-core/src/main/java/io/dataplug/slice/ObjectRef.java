package io.dataplug.slice;

import static java.util.Objects.requireNonNull;

import io.dataplug.storage.ObjectLocation;
import java.io.Serializable;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An object a slice reads, pinned to the version it was indexed at.
 *
 * @param location the object, e.g. {@code s3://bucket/run.ibd}
 * @param etag its ETag when it was indexed, or null if its store has none
 */
public record ObjectRef(String location, @Nullable String etag) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ObjectRef {
    requireNonNull(location, "location is null");
    if (location.isEmpty()) {
      throw new IllegalArgumentException("location is empty");
    }
  }

  /** The parsed location. */
  public ObjectLocation objectLocation() {
    return ObjectLocation.of(location);
  }

  /** The ETag, if the store has ETags. */
  public Optional<String> etagIfKnown() {
    return Optional.ofNullable(etag);
  }

  @Override
  public String toString() {
    return location;
  }
}
