package io.dataplug;

import static java.util.Objects.requireNonNull;

import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * How {@link CloudObject#preprocess(PreprocessOptions)} builds an index: whether a fresh index is
 * kept or rebuilt, who hears about progress, and whether chunks are scanned in parallel. Immutable;
 * each {@code with} method returns a modified copy.
 *
 * <pre>{@code
 * co.preprocess(PreprocessOptions.ifNeeded().withProgress(bytes -> bar.update(bytes)));
 * co.preprocess(PreprocessOptions.force());   // rebuild, also a damaged index
 * }</pre>
 */
public final class PreprocessOptions {
  private static final LongConsumer NO_PROGRESS = bytes -> {};

  private final boolean force;
  private final LongConsumer progress;
  private final CloudObject.@Nullable ChunkMapper mapper;
  private final int chunks;

  private PreprocessOptions(
      boolean force, LongConsumer progress, CloudObject.@Nullable ChunkMapper mapper, int chunks) {
    this.force = force;
    this.progress = progress;
    this.mapper = mapper;
    this.chunks = chunks;
  }

  /** Build the index unless a fresh one exists (one that matches the object and options). */
  public static PreprocessOptions ifNeeded() {
    return new PreprocessOptions(false, NO_PROGRESS, null, 1);
  }

  /** Rebuild the index even if a fresh one exists, and also when the existing one is damaged. */
  public static PreprocessOptions force() {
    return new PreprocessOptions(true, NO_PROGRESS, null, 1);
  }

  /** Tell {@code progress} how many source bytes the pass has consumed; null means no progress. */
  public PreprocessOptions withProgress(@Nullable LongConsumer progress) {
    return new PreprocessOptions(force, progress == null ? NO_PROGRESS : progress, mapper, chunks);
  }

  /**
   * Build the index as a map + reduce where the format allows it: {@code mapper} scans {@code
   * chunks} chunks of the object in parallel (e.g. on an executor) and the summaries are combined.
   * Formats or objects that need one sequential pass get it.
   *
   * @throws IllegalArgumentException if {@code chunks} is less than 1
   */
  public PreprocessOptions withChunks(CloudObject.ChunkMapper mapper, int chunks) {
    if (chunks < 1) {
      throw new IllegalArgumentException("chunks must be at least 1: " + chunks);
    }
    return new PreprocessOptions(force, progress, requireNonNull(mapper, "mapper is null"), chunks);
  }

  /** Whether a fresh (or damaged) index is rebuilt. */
  public boolean forced() {
    return force;
  }

  /** Who hears about progress (a no-op when none was given). */
  public LongConsumer progress() {
    return progress;
  }

  /** Who scans chunks in parallel, or null for one sequential pass. */
  public CloudObject.@Nullable ChunkMapper mapper() {
    return mapper;
  }

  /** How many chunks to scan in parallel (1: one pass). */
  public int chunks() {
    return chunks;
  }

  @Override
  public String toString() {
    return "PreprocessOptions("
        + (force ? "force" : "ifNeeded")
        + (mapper == null ? "" : ", chunks=" + chunks)
        + ")";
  }
}
