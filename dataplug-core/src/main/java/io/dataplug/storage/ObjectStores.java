package io.dataplug.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the store for a location. Stores are shared per scheme and configuration for the life of
 * the JVM, so a worker that reads many slices builds its clients once.
 */
public final class ObjectStores {
  private static final Map<String, ObjectStoreProvider> PROVIDERS = loadProviders();
  private static final Map<List<Object>, ObjectStore> SHARED = new ConcurrentHashMap<>();

  private ObjectStores() {}

  private static Map<String, ObjectStoreProvider> loadProviders() {
    Map<String, ObjectStoreProvider> providers = new HashMap<>();
    for (ObjectStoreProvider p :
        ServiceLoader.load(ObjectStoreProvider.class, ObjectStores.class.getClassLoader())) {
      for (String scheme : p.schemes()) {
        ObjectStoreProvider previous = providers.putIfAbsent(scheme, p);
        if (previous != null) {
          throw new IllegalStateException(
              "Two object store providers for scheme '"
                  + scheme
                  + "': "
                  + previous.getClass().getName()
                  + " and "
                  + p.getClass().getName());
        }
      }
    }
    return Map.copyOf(providers);
  }

  /** The shared store that serves {@code location} under {@code config}. Do not close it. */
  public static ObjectStore shared(ObjectLocation location, StoreConfig config) {
    ObjectStoreProvider provider = PROVIDERS.get(location.scheme());
    if (provider == null) {
      throw new IllegalArgumentException(
          "No object store for scheme '"
              + location.scheme()
              + "' (known: "
              + String.join(", ", new java.util.TreeSet<>(PROVIDERS.keySet()))
              + "): "
              + location);
    }
    return SHARED.computeIfAbsent(
        List.of(provider.getClass().getName(), config), k -> provider.newStore(config));
  }

  /** Resolves locations to the shared stores for {@code config}. */
  public static StoreResolver resolver(StoreConfig config) {
    requireNonNull(config, "config is null");
    return location -> shared(location, config);
  }

  /**
   * The shared store for {@code location}, if it can be written.
   *
   * @throws IOException naming the location if the store is read-only
   */
  public static WritableObjectStore writable(ObjectLocation location, StoreConfig config)
      throws IOException {
    ObjectStore store = shared(location, config);
    if (store instanceof WritableObjectStore w) {
      return w;
    }
    throw new IOException(
        "Cannot write to " + location + ": the " + location.scheme() + " store is read-only");
  }
}
