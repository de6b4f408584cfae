package io.dataplug.format;

import io.dataplug.storage.RangeReader;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A format whose index can be built as a map + reduce: chunks of the object are scanned on any
 * executor ({@link #scan}), then combined into the index on the driver ({@link #combine}).
 */
public interface ParallelIndexing {
  /**
   * The chunks to scan, or an empty list if this object must be indexed in one pass (compressed, or
   * options the chunked scan cannot honor).
   */
  List<Chunk> chunks(Preprocessing job, int count) throws IOException;

  /**
   * Whether chunks are scanned twice: a first pass tells each chunk what it must know of everything
   * before it, which {@link #secondPass} hands to the chunks of the real pass. For example: the
   * ordinal of its first record, where the index samples on a grid of record ordinals; the parser's
   * state at its first byte, where that state cannot be recognized mid-stream (CSV quotes).
   */
  default boolean twoPasses(Chunk chunk) {
    return false;
  }

  /** The chunks of the second pass, from the first pass's summaries (both in chunk order). */
  default List<Chunk> secondPass(List<Chunk> chunks, List<ChunkSummary> firstPass) {
    return chunks;
  }

  /**
   * Scans one chunk: the records that start in it (runs on a worker).
   *
   * @param object positional reads of the chunk's object, pinned to its ETag
   */
  ChunkSummary scan(Chunk chunk, RangeReader object) throws IOException;

  /**
   * Writes the index from the chunks' summaries, in chunk order.
   *
   * @throws IllegalStateException if the summaries do not fit together (the caller then indexes in
   *     one pass)
   */
  void combine(Preprocessing job, List<ChunkSummary> summaries) throws IOException;

  /**
   * A chunk of an object to scan: everything a worker needs, no clients or secrets.
   *
   * @param format the format id
   * @param location the object
   * @param etag its ETag, or null
   * @param size its size
   * @param store how to reach it
   * @param options the format options
   * @param kind what the scan looks for, format-defined: e.g. {@code records}, or {@code
   *     bgzf_blocks} for the block table of a BGZF object
   * @param index the chunk's position, from 0
   * @param start first byte of the chunk
   * @param end one past its last byte
   * @param baseOrdinal ordinal of the chunk's first record, for formats that sample on a grid of
   *     record ordinals; -1 in the first of two passes
   * @param entryState the format's parser state at the chunk's first byte, for formats that cannot
   *     recognize it mid-stream; -1 where unknown (the first of two passes) or not needed
   */
  record Chunk(
      String format,
      String location,
      @Nullable String etag,
      long size,
      StoreConfig store,
      Map<String, String> options,
      String kind,
      int index,
      long start,
      long end,
      long baseOrdinal,
      int entryState)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    public Chunk {
      options = Map.copyOf(options);
    }

    /**
     * This chunk for the second pass, knowing the ordinal of its first record and the state at its
     * start.
     */
    public Chunk withEntry(long ordinal, int state) {
      return new Chunk(
          format, location, etag, size, store, options, kind, index, start, end, ordinal, state);
    }

    /**
     * This chunk, reaching its store another way (e.g. another endpoint, as a remote worker sees
     * it).
     */
    public Chunk withStore(StoreConfig config) {
      return new Chunk(
          format,
          location,
          etag,
          size,
          config,
          options,
          kind,
          index,
          start,
          end,
          baseOrdinal,
          entryState);
    }
  }

  /**
   * What a chunk holds: its records (those that start in it), their first byte, sampled record
   * starts with ordinals counted from the chunk's first record, and for the first chunk the header.
   * For a block table ({@code bgzf_blocks}) the records are the blocks, and the samples are every
   * block's start and uncompressed size. Formats whose records are independently coded pieces (LAZ
   * chunks) make each piece a record and report what they found in it in {@code values}.
   *
   * @param index the chunk's position
   * @param firstRecord offset of the chunk's first record (the chunk's end if none starts in it)
   * @param length bytes of the chunk's records
   * @param records how many records start in the chunk
   * @param sampleOffsets sampled record starts (absolute offsets)
   * @param sampleOrdinals their ordinals within the chunk
   * @param headerLength the header's length (first chunk), else -1
   * @param headerText the header's text (first chunk), else empty
   * @param exitStates in a first pass that follows the parser's state: the state at the chunk's end
   *     for each possible state at its start (indexed by it); else empty
   * @param values format-defined numbers found in the records, a fixed count per record (e.g. the
   *     bounds of each LAZ chunk); empty where unused
   */
  record ChunkSummary(
      int index,
      long firstRecord,
      long length,
      long records,
      long[] sampleOffsets,
      long[] sampleOrdinals,
      long headerLength,
      String headerText,
      int[] exitStates,
      double[] values)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A first-pass summary of a chunk: only how the parser's state crosses it. */
    public static ChunkSummary ofStates(int index, int[] exitStates) {
      return new ChunkSummary(
          index, -1, 0, 0, new long[0], new long[0], -1, "", exitStates, new double[0]);
    }
  }
}
