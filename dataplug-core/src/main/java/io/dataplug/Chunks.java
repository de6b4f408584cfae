package io.dataplug;

import io.dataplug.format.FormatPlugin;
import io.dataplug.format.FormatRegistry;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.StoreResolver;
import java.io.IOException;

/**
 * The entry point that scans a chunk of a chunked preprocessing pass on a worker: finds its format
 * and resolves its store.
 */
public final class Chunks {
  private Chunks() {}

  /** Scans {@code chunk} with its format, reaching its store from the chunk's configuration. */
  public static ParallelIndexing.ChunkSummary scan(ParallelIndexing.Chunk chunk)
      throws IOException {
    return scan(chunk, ObjectStores.resolver(chunk.store()));
  }

  /** Scans {@code chunk} with its format, reading through {@code stores}. */
  public static ParallelIndexing.ChunkSummary scan(
      ParallelIndexing.Chunk chunk, StoreResolver stores) throws IOException {
    FormatPlugin format = FormatRegistry.get().format(chunk.format());
    if (!(format instanceof ParallelIndexing parallel)) {
      throw new IllegalArgumentException("Format " + format.id() + " has no chunked preprocessing");
    }
    ObjectLocation location = ObjectLocation.of(chunk.location());
    try (RangeReader reader = stores.storeFor(location).newReader(location, chunk.etag())) {
      return parallel.scan(chunk, reader);
    }
  }
}
