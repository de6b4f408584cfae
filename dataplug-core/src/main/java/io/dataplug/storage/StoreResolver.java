package io.dataplug.storage;

/**
 * Finds the store that serves a location. The entry points that turn a slice or an object into
 * readers take one ({@link ObjectStores#resolver} by default); a test passes its own to count or
 * fake every request.
 */
@FunctionalInterface
public interface StoreResolver {
  /**
   * The store for {@code location}; shared, so callers do not close it.
   *
   * @throws IllegalArgumentException if no store serves the location's scheme
   */
  ObjectStore storeFor(ObjectLocation location);

  /**
   * The store for {@code location}, if it can be written.
   *
   * @throws java.io.IOException naming the location if the store is read-only
   */
  default WritableObjectStore writableStoreFor(ObjectLocation location) throws java.io.IOException {
    ObjectStore store = storeFor(location);
    if (store instanceof WritableObjectStore w) {
      return w;
    }
    throw new java.io.IOException(
        "Cannot write to " + location + ": the " + location.scheme() + " store is read-only");
  }
}
