package io.dataplug.index;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.StoreResolver;
import io.dataplug.storage.WritableObjectStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sidecar folder of one object: {@code <key>.dataplug/} next to the object, or, when a metadata
 * location is configured (for sources the user cannot write to), {@code
 * <metadata>/<scheme>/<bucket-or-host>/<key>.dataplug/}. Sources on HTTP(S) without a configured
 * location use {@code ~/.cache/dataplug/}.
 *
 * <p>Manifests are plain JSON read into records; nothing read from storage is Java-deserialized.
 */
public final class IndexStore {
  /** The name of the commit marker inside the sidecar folder. */
  public static final String MANIFEST = "manifest.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final ObjectLocation folder;
  private final StoreResolver stores;

  private IndexStore(ObjectLocation folder, StoreResolver stores) {
    this.folder = folder;
    this.stores = stores;
  }

  /**
   * The sidecar of {@code source}.
   *
   * @param metadataRoot where to keep indexes instead of next to the object, or null
   */
  public static IndexStore forObject(
      ObjectLocation source, @Nullable ObjectLocation metadataRoot, StoreResolver stores) {
    ObjectLocation root = metadataRoot;
    if (root == null && (source.scheme().equals("http") || source.scheme().equals("https"))) {
      root = ObjectLocation.ofPath(Path.of(System.getProperty("user.home"), ".cache", "dataplug"));
    }
    ObjectLocation folder =
        root == null
            ? source.sibling(source.fileName() + ".dataplug")
            : root.child(source.scheme())
                .child(source.authority())
                .child(source.key() + ".dataplug");
    return new IndexStore(folder, stores);
  }

  /** The sidecar folder. */
  public ObjectLocation folder() {
    return folder;
  }

  /** The location of a blob (or of the manifest) in the sidecar folder. */
  public ObjectLocation blobLocation(String name) {
    return folder.child(name);
  }

  /** The committed manifest, if there is one. */
  public Optional<Manifest> readManifest() throws IOException {
    ObjectLocation location = blobLocation(MANIFEST);
    ObjectStore store = stores.storeFor(location);
    byte[] data;
    try {
      ObjectMetadata meta = store.metadata(location);
      if (meta.size() > 64 << 20) {
        throw new MalformedDataException(
            "Corrupted index manifest: "
                + location
                + " ("
                + meta.size()
                + " bytes is too large for a manifest)");
      }
      try (RangeReader reader = store.newReader(location, null)) {
        data = reader.readFully(new ByteRange(0, meta.size()));
      }
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
    try {
      Manifest manifest = JSON.readValue(data, Manifest.class);
      if (manifest.dataplugIndex() != Manifest.LAYOUT_VERSION) {
        throw new MalformedDataException(
            "Unsupported index layout "
                + manifest.dataplugIndex()
                + " in "
                + location
                + " (this version reads "
                + Manifest.LAYOUT_VERSION
                + ")");
      }
      return Optional.of(manifest);
    } catch (IOException | RuntimeException e) {
      if (e instanceof MalformedDataException m) {
        throw m;
      }
      throw new MalformedDataException(
          "Corrupted index manifest: " + location + " (" + e.getMessage() + ")", e);
    }
  }

  /** Writes the manifest: the commit marker, so call it after every blob is written. */
  public void writeManifest(Manifest manifest) throws IOException {
    put(MANIFEST, toJson(manifest));
  }

  /** Writes one blob. */
  public void put(String name, byte[] data) throws IOException {
    ObjectLocation location = blobLocation(name);
    stores.writableStoreFor(location).put(location, data);
  }

  /** Reads a whole blob, checking its size against the manifest's record of it. */
  public byte[] read(Manifest.Blob blob) throws IOException {
    return read(blob, new ByteRange(0, blob.size()));
  }

  /** Reads part of a blob (a slice fetches only its own index entry this way). */
  public byte[] read(Manifest.Blob blob, ByteRange range) throws IOException {
    if (range.end() > blob.size()) {
      throw new MalformedDataException(
          "Index blob range "
              + range
              + " is past the end of "
              + blobLocation(blob.name())
              + " ("
              + blob.size()
              + " bytes)");
    }
    ObjectLocation location = blobLocation(blob.name());
    try (RangeReader reader = stores.storeFor(location).newReader(location, null)) {
      return reader.readFully(range);
    }
  }

  /** Deletes a blob; best effort for cleaning up an older generation. */
  public void delete(String name) throws IOException {
    ObjectLocation location = blobLocation(name);
    ObjectStore store = stores.storeFor(location);
    if (store instanceof WritableObjectStore w) {
      w.delete(location);
    }
  }

  static byte[] toJson(Manifest manifest) {
    try {
      return JSON.writeValueAsBytes(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write manifest as JSON", e);
    }
  }
}
