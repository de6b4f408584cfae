package io.dataplug.format;

import io.dataplug.index.IndexStore;
import io.dataplug.index.Manifest;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import java.io.IOException;

/** A committed index, as a format's partitioner sees it: the manifest and its blobs. */
public final class IndexView {
  private final Manifest manifest;
  private final IndexStore store;
  private final ObjectLocation source;

  public IndexView(ObjectLocation source, Manifest manifest, IndexStore store) {
    this.source = source;
    this.manifest = manifest;
    this.store = store;
  }

  public ObjectLocation source() {
    return source;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** Reads a whole blob by its logical name. */
  public byte[] blob(String name) throws IOException {
    Manifest.Blob blob = manifest.blobs().get(name);
    if (blob == null) {
      throw new MalformedDataException(
          "Corrupted index: no blob '" + name + "' in " + store.blobLocation(IndexStore.MANIFEST));
    }
    return store.read(blob);
  }

  /** The location of a blob, for slices that fetch their own entry of it. */
  public ObjectLocation blobLocation(String name) {
    Manifest.Blob blob = manifest.blobs().get(name);
    return store.blobLocation(blob == null ? name : blob.name());
  }
}
