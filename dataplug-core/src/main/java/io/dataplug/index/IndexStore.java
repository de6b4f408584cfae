package io.dataplug.index;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectChangedException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.StoreResolver;
import io.dataplug.storage.WritableObjectStore;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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

  /** The suffix of the marker saying a generation's manifest has been written. */
  static final String COMMITTED = ".committed";

  private static final long MAX_MANIFEST = 64 << 20;
  private static final long MAX_BLOB = Integer.MAX_VALUE - 8;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final ObjectLocation folder;
  private final StoreResolver stores;
  private final String rebuild;

  private IndexStore(ObjectLocation folder, StoreResolver stores, String rebuild) {
    this.folder = folder;
    this.stores = stores;
    this.rebuild = rebuild;
  }

  /**
   * The sidecar of {@code source}.
   *
   * @param metadataRoot where to keep indexes instead of next to the object, or null
   * @param rebuild the command that rebuilds this index, for messages about a damaged one
   */
  public static IndexStore forObject(
      ObjectLocation source,
      @Nullable ObjectLocation metadataRoot,
      StoreResolver stores,
      String rebuild) {
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
    return new IndexStore(folder, stores, requireNonNull(rebuild, "rebuild is null"));
  }

  /** The sidecar folder. */
  public ObjectLocation folder() {
    return folder;
  }

  /** The location of a blob (or of the manifest) in the sidecar folder. */
  public ObjectLocation blobLocation(String name) {
    return folder.child(name);
  }

  /** The command that rebuilds this index, as messages about a damaged one show it. */
  public String rebuildCommand() {
    return rebuild;
  }

  /** An exception saying that the index file {@code where} is damaged and how to rebuild. */
  public DamagedIndexException damaged(Object where, String problem, @Nullable Throwable cause) {
    return new DamagedIndexException(where.toString(), problem, rebuild, cause);
  }

  /**
   * The committed manifest, if there is one.
   *
   * @throws DamagedIndexException if the manifest is too large, not JSON, not a valid manifest, or
   *     fails its checksum
   * @throws IndexFormatMismatchException if it has a layout this version does not read
   */
  public Optional<Manifest> readManifest() throws IOException {
    ObjectLocation location = blobLocation(MANIFEST);
    ObjectStore store = stores.storeFor(location);
    for (int attempt = 1; ; attempt++) {
      ObjectMetadata meta;
      try {
        meta = store.metadata(location);
      } catch (FileNotFoundException e) {
        return Optional.empty();
      } catch (FileSystemException e) {
        if (e.getReason() != null && e.getReason().contains("Not a directory")) {
          return Optional.empty(); // a file where the folder should be: no index (yet)
        }
        throw e;
      }
      try {
        return Optional.of(readManifest(store, location, meta));
      } catch (DamagedIndexException | ObjectChangedException | FileNotFoundException e) {
        // another build may have replaced the manifest while it was read: read the new one, and
        // call it damaged only when it stays the same and still does not read
        ObjectMetadata now;
        try {
          now = store.metadata(location);
        } catch (FileNotFoundException gone) {
          return Optional.empty();
        }
        boolean replaced =
            !java.util.Objects.equals(now.etag(), meta.etag()) || now.size() != meta.size();
        if (!replaced && e instanceof DamagedIndexException damaged) {
          throw damaged;
        }
        if (attempt >= 5) {
          throw e instanceof DamagedIndexException damaged
              ? damaged
              : damaged(location, "it kept changing while it was read", e);
        }
      }
    }
  }

  private Manifest readManifest(ObjectStore store, ObjectLocation location, ObjectMetadata meta)
      throws IOException {
    if (meta.size() > MAX_MANIFEST) {
      throw damaged(location, meta.size() + " bytes is too large for a manifest", null);
    }
    byte[] data;
    try (RangeReader reader = store.newReader(location, meta.etag())) {
      data = reader.readFully(new ByteRange(0, meta.size()));
    } catch (EOFException e) {
      throw damaged(location, "shorter than its listed size", e);
    }
    Manifest manifest;
    try {
      manifest = JSON.readValue(data, Manifest.class);
    } catch (IOException | RuntimeException e) {
      throw damaged(location, "not a valid manifest: " + firstLine(e.getMessage()), e);
    }
    if (manifest == null) {
      throw damaged(location, "not a valid manifest: empty", null);
    }
    verifyChecksum(location, manifest, data);
    if (manifest.dataplugIndex() != Manifest.LAYOUT_VERSION) {
      throw new IndexFormatMismatchException(
          "The index "
              + location
              + " has layout "
              + manifest.dataplugIndex()
              + ", but this version of dataplug reads layout "
              + Manifest.LAYOUT_VERSION
              + ": rebuild it with: "
              + rebuild);
    }
    return manifest;
  }

  private void verifyChecksum(ObjectLocation location, Manifest manifest, byte[] data)
      throws DamagedIndexException {
    String checksum = manifest.checksum();
    if (checksum == null) {
      boolean written = manifest.generation() != null;
      for (Manifest.Blob b : manifest.blobs().values()) {
        written |= b.crc32c() != null;
      }
      if (written) {
        // a manifest that records blob checksums was written with its own checksum
        throw damaged(location, "its checksum is missing", null);
      }
      return; // written before checksums were recorded
    }
    String text = new String(data, UTF_8);
    String field = checksumField(checksum);
    int at = text.indexOf(field);
    if (at < 0 || text.indexOf(field, at + 1) >= 0) {
      throw damaged(location, "its checksum field is not as written", null);
    }
    String blank =
        text.substring(0, at)
            + checksumField(Manifest.CHECKSUM_PLACEHOLDER)
            + text.substring(at + field.length());
    if (!checksumOf(blank.getBytes(UTF_8)).equals(checksum)) {
      throw damaged(
          location, "checksum mismatch: the manifest was changed after it was written", null);
    }
  }

  private static String checksumField(String value) {
    return "\"checksum\" : \"" + value + "\"";
  }

  private static String checksumOf(byte[] data) {
    return String.format(java.util.Locale.ROOT, "crc32c:%08x", Manifest.Blob.crc32c(data));
  }

  /**
   * Commits an index: writes the manifest (the commit marker), then a marker saying that generation
   * {@code manifest.generation()} has been committed, then removes every other committed
   * generation's blobs, so concurrent builds of one index leave one referenced blob set: each
   * build, once it has committed, removes the blobs of every build that committed before the
   * manifest it reads back (its own included, if another build's manifest replaced it). Builds
   * still writing blobs have no marker yet and are left alone.
   *
   * @param previous the manifest this build replaces, if it read one (its blobs are removed too,
   *     also when they predate generation markers)
   * @return the manifest that is committed now: {@code manifest}, or one a concurrent build wrote
   *     after it
   */
  public Manifest commit(Manifest manifest, @Nullable Manifest previous) throws IOException {
    String generation = requireNonNull(manifest.generation(), "generation is null");
    put(MANIFEST, toJson(manifest));
    put(generation + COMMITTED, new byte[0]);
    List<String> names = list();
    Manifest current = readManifest().orElse(manifest);
    Set<String> keep = new HashSet<>();
    current.blobs().values().forEach(b -> keep.add(b.name()));
    keep.add(MANIFEST);
    if (current.generation() != null) {
      keep.add(current.generation() + COMMITTED);
    }
    Set<String> superseded = new HashSet<>();
    for (String name : names) {
      if (name.endsWith(COMMITTED)) {
        superseded.add(name.substring(0, name.length() - COMMITTED.length()));
      }
    }
    if (previous != null && previous.generation() != null) {
      superseded.add(previous.generation());
    }
    superseded.remove(current.generation());
    List<String> markers = new ArrayList<>();
    for (String name : names) {
      if (keep.contains(name)) {
        continue;
      }
      String g = generationOf(name);
      if (superseded.contains(g)) {
        if (name.endsWith(COMMITTED)) {
          markers.add(name);
        } else {
          delete(name);
        }
      }
    }
    if (previous != null) {
      for (Manifest.Blob old : previous.blobs().values()) {
        if (!keep.contains(old.name())) {
          delete(old.name());
        }
      }
    }
    for (String marker : markers) {
      delete(marker); // last: a generation without its marker is never cleaned by another build
    }
    return current;
  }

  /** The generation a file of the sidecar belongs to: its marker's prefix or its name's suffix. */
  static String generationOf(String name) {
    if (name.endsWith(COMMITTED)) {
      return name.substring(0, name.length() - COMMITTED.length());
    }
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** The names of the files in the sidecar folder. */
  public List<String> list() throws IOException {
    ObjectStore store = stores.storeFor(folder);
    if (!(store instanceof WritableObjectStore w)) {
      return List.of();
    }
    return w.list(folder);
  }

  /**
   * Writes one blob.
   *
   * @throws IOException naming the folder and pointing at {@code --metadata-location} if the folder
   *     cannot be written
   */
  public void put(String name, byte[] data) throws IOException {
    ObjectLocation location = blobLocation(name);
    try {
      stores.writableStoreFor(location).put(location, data);
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? "" : e.getReason();
      String why;
      if (e instanceof AccessDeniedException || reason.contains("not permitted")) {
        why = "permission denied";
      } else if (e instanceof FileAlreadyExistsException
          || e instanceof NotDirectoryException
          || reason.contains("Not a directory")) {
        why = "a file is in the way";
      } else if (reason.contains("Read-only")) {
        why = "read-only file system";
      } else {
        throw e;
      }
      throw new IOException(
          "Cannot write the index folder "
              + folder
              + " ("
              + why
              + "); keep indexes in a folder you can write with --metadata-location URI",
          e);
    }
  }

  /**
   * Reads a whole blob and verifies it against the manifest's record of it: its size and, when the
   * manifest has one, its checksum.
   *
   * @throws DamagedIndexException if the blob is missing, shorter than recorded or fails its
   *     checksum
   */
  public byte[] read(Manifest.Blob blob) throws IOException {
    byte[] data = read(blob, new ByteRange(0, blob.size()));
    Long expected = blob.crc32c();
    if (expected != null && Manifest.Blob.crc32c(data) != expected) {
      throw damaged(blobLocation(blob.name()), "checksum mismatch: the blob is corrupt", null);
    }
    return data;
  }

  /**
   * Reads part of a blob (a slice fetches only its own index entry this way); part reads are
   * checked against the blob's size, not its checksum.
   *
   * @throws DamagedIndexException if the range is past the recorded end of the blob, or the blob is
   *     missing or shorter than recorded
   */
  public byte[] read(Manifest.Blob blob, ByteRange range) throws IOException {
    ObjectLocation location = blobLocation(blob.name());
    if (range.end() > blob.size()) {
      throw damaged(
          location, "range " + range + " is past its end (" + blob.size() + " bytes)", null);
    }
    if (blob.size() > MAX_BLOB && range.length() == blob.size()) {
      throw damaged(location, blob.size() + " bytes is too large for an index blob", null);
    }
    try (RangeReader reader = stores.storeFor(location).newReader(location, null)) {
      return reader.readFully(range);
    } catch (FileNotFoundException e) {
      throw damaged(location, "missing", e);
    } catch (EOFException e) {
      throw damaged(location, "shorter than the manifest says (" + blob.size() + " bytes)", e);
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

  private static String firstLine(@Nullable String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** The manifest file's bytes, with its own checksum filled in. */
  static byte[] toJson(Manifest manifest) {
    byte[] blank;
    try {
      blank = JSON.writeValueAsBytes(manifest.withChecksum(Manifest.CHECKSUM_PLACEHOLDER));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write manifest as JSON", e);
    }
    String text = new String(blank, UTF_8);
    String field = checksumField(Manifest.CHECKSUM_PLACEHOLDER);
    int at = text.indexOf(field);
    if (at < 0) {
      throw new IllegalStateException("no checksum field in the manifest JSON");
    }
    return (text.substring(0, at)
            + checksumField(checksumOf(blank))
            + text.substring(at + field.length()))
        .getBytes(UTF_8);
  }
}
