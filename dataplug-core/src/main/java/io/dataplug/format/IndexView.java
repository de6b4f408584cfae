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

  /**
   * The index's typed summary, bound to the format's record type and validated by its constructor.
   *
   * @throws MalformedDataException naming the manifest if there is none or it does not bind
   */
  public <T extends Record> T summary(Class<T> type) throws MalformedDataException {
    com.fasterxml.jackson.databind.JsonNode node = manifest.summary();
    ObjectLocation where = store.blobLocation(IndexStore.MANIFEST);
    if (node == null || !node.isObject()) {
      throw new MalformedDataException("Corrupted index manifest: " + where + " (no summary)");
    }
    try {
      return SUMMARY.treeToValue(node, type);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new MalformedDataException(
          "Corrupted index manifest: " + where + " (summary: " + e.getMessage() + ")", e);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper SUMMARY =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .setPropertyNamingStrategy(
              com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(
              com.fasterxml.jackson.databind.DeserializationFeature
                  .FAIL_ON_MISSING_CREATOR_PROPERTIES);

  /** The summary of a preprocessing job as the manifest stores it. */
  public static com.fasterxml.jackson.databind.JsonNode summaryJson(Record summary) {
    return SUMMARY.valueToTree(summary);
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
