package io.dataplug.lithops.functions;

import io.dataplug.Chunks;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.job.TaskFunction;

/**
 * A named function for preprocessing as a map + reduce: scans one chunk of an object with its
 * format, as {@link ParallelIndexing.Chunk#scan()} (named, so it runs on every backend).
 */
public final class ScanChunk
    implements TaskFunction<ParallelIndexing.Chunk, ParallelIndexing.ChunkSummary> {
  private static final long serialVersionUID = 1L;

  @Override
  public ParallelIndexing.ChunkSummary apply(ParallelIndexing.Chunk chunk) throws Exception {
    return Chunks.scan(chunk);
  }
}
