package io.dataplug.format;

import io.dataplug.codec.gzip.AsyncListener;
import io.dataplug.codec.gzip.BgzfBlocks;
import io.dataplug.codec.gzip.CheckpointSpacing;
import io.dataplug.codec.gzip.GzipCheckpoint;
import io.dataplug.codec.gzip.GzipIndex;
import io.dataplug.codec.gzip.GzipIndexer;
import io.dataplug.codec.gzip.GzipRangeStream;
import io.dataplug.codec.gzip.GzipResume;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ExtendingRangeStream;
import io.dataplug.storage.ObjectLocation;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The decoding layer every format shares: telling gzip (and BGZF) from plain data, the gzip index
 * pass with its blobs ({@code gzip}, {@code windows}) and attributes, the BGZF block table, resume
 * points for decompressed ranges, and the one way to open the decoded bytes of a cut ({@link
 * #open}).
 */
public final class Compression {
  /** Blob with the {@link GzipIndex}. */
  public static final String INDEX_BLOB = "gzip";

  /** Blob with the compressed windows. */
  public static final String WINDOWS_BLOB = "windows";

  private Compression() {}

  /**
   * How far apart the object's checkpoints are kept: {@link CheckpointSpacing#forObject} for its
   * size, or windowed checkpoints every {@code spacing} output bytes if that option is given.
   *
   * @throws IllegalArgumentException if the {@code spacing} option is not a positive number
   */
  public static CheckpointSpacing spacing(Preprocessing job) {
    String given = job.options().get("spacing");
    return given == null
        ? CheckpointSpacing.forObject(job.metadata().size())
        : CheckpointSpacing.everyOutput(spacingOption(job.options(), 1));
  }

  /**
   * The {@code spacing} option in bytes, or {@code fallback} when it is not given.
   *
   * @throws IllegalArgumentException if it is not a positive number
   */
  public static long spacingOption(java.util.Map<String, String> options, long fallback) {
    String s = options.get("spacing");
    if (s == null) {
      return fallback;
    }
    long v;
    try {
      v = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("spacing is not a number of bytes: " + s);
    }
    if (v < 1) {
      throw new IllegalArgumentException("spacing must be at least 1: " + s);
    }
    return v;
  }

  /**
   * Whether to treat the object as gzip: by the {@code compression} option ({@code auto}, {@code
   * gzip}, {@code none}; auto looks for the gzip magic bytes).
   */
  public static boolean isGzip(Preprocessing job) throws IOException {
    String c = job.options().getOrDefault("compression", "auto");
    switch (c) {
      case "gzip":
        return true;
      case "none":
        return false;
      case "auto":
        if (job.metadata().size() < 2) {
          return false;
        }
        byte[] magic = job.reader().readFully(new ByteRange(0, 2));
        return (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
      default:
        throw new IllegalArgumentException("compression must be auto, gzip or none: " + c);
    }
  }

  /**
   * Runs the index pass over the whole object, handing the decompressed stream to {@code listener}
   * on a second thread; checkpoints as {@link #spacing} says; stores the index and windows blobs
   * and records attributes.
   */
  public static GzipIndex index(Preprocessing job, GzipIndexer.Listener listener)
      throws IOException {
    CheckpointSpacing spacing = spacing(job);
    if (!GzipIndexer.available()) {
      throw new IOException("Cannot index gzip data here: the system zlib is not available");
    }
    GzipIndexer indexer;
    GzipIndex gz;
    try (InputStream in = withProgress(job.openObject(), job);
        AsyncListener scan = new AsyncListener(listener)) {
      indexer = new GzipIndexer(in, job.location(), spacing, scan);
      gz = indexer.run();
      scan.finish();
    }
    job.putBlob(INDEX_BLOB, gz.toBytes());
    job.putBlob(WINDOWS_BLOB, indexer.windows());
    long[] blocks = indexer.boundaryCounts();
    job.attribute("compression", gz.members() > 1 ? "gzip (" + gz.members() + " members)" : "gzip");
    job.attribute("uncompressed_size", gz.uncompressedSize());
    job.attribute("checkpoints", gz.checkpoints().size());
    job.attribute("deflate_blocks", blocks[0] + " (" + blocks[1] + " byte-aligned)");
    return gz;
  }

  /** Whether the object starts with a BGZF block header. */
  public static boolean isBgzf(Preprocessing job) throws IOException {
    return BgzfBlocks.isBgzf(job.reader(), job.metadata().size());
  }

  /**
   * Whether a {@code .gzi} lies next to the object (then {@link #bgzfIndex(Preprocessing)} needs no
   * pass over the data).
   */
  public static boolean hasGzi(Preprocessing job) throws IOException {
    return job.readSibling(".gzi", MAX_GZI).isPresent();
  }

  private static final long MAX_GZI = 512L << 20;

  /**
   * The BGZF block index, a checkpoint at every block (as {@link #spacing} says), from a {@code
   * .gzi} next to the object if there is one, else from reading the block headers; records
   * attributes.
   */
  public static GzipIndex bgzfIndex(Preprocessing job) throws IOException {
    long size = job.metadata().size();
    java.util.Optional<byte[]> gzi = job.readSibling(".gzi", MAX_GZI);
    ObjectLocation location = job.location();
    List<long[]> blocks =
        gzi.isPresent()
            ? BgzfBlocks.fromGzi(
                gzi.get(), location.sibling(location.fileName() + ".gzi"), job.reader(), size)
            : BgzfBlocks.fromHeaders(job.reader(), size, job::progress);
    return bgzfIndex(job, blocks, gzi.isPresent() ? ", .gzi imported" : "");
  }

  /**
   * The BGZF block index from the blocks chunks of the object found ({@link BgzfBlocks#blocksIn}),
   * chunks in order.
   *
   * @throws IllegalStateException if the chunks' blocks do not tile the object
   */
  public static GzipIndex bgzfIndex(Preprocessing job, List<long[]> chunkBlocks) {
    return bgzfIndex(
        job, BgzfBlocks.fromChunks(chunkBlocks, job.metadata().size()), ", found in parallel");
  }

  private static GzipIndex bgzfIndex(Preprocessing job, List<long[]> blocks, String note) {
    GzipIndex gz = BgzfBlocks.toIndex(blocks, spacing(job), job.metadata().size());
    job.attribute("compression", "bgzf (" + gz.members() + " blocks" + note + ")");
    job.attribute("uncompressed_size", gz.uncompressedSize());
    job.attribute("checkpoints", gz.checkpoints().size());
    return gz;
  }

  /**
   * Opens decompressed bytes {@code [offset, offset + length)} of a slice's gzip object from a
   * resume point: fetches the checkpoint's window from the index (one small range read), then the
   * compressed bytes of the slice's first range, from the checkpoint up to {@code compressedEnd}
   * (more only if the reader wants more).
   *
   * @param length decompressed bytes to deliver; {@code Long.MAX_VALUE} for all that follows
   */
  public static InputStream open(
      SliceContext slice, GzipResume resume, long compressedEnd, long offset, long length)
      throws IOException {
    if (length == 0) {
      return InputStream.nullInputStream(); // an empty slice fetches nothing, not even its window
    }
    byte[] window = new byte[0];
    if (resume.windowLength() > 0) {
      byte[] deflated;
      try (var windows = slice.indexReader(resume.windows())) {
        deflated = windows.readFully(new ByteRange(resume.windowOffset(), resume.windowLength()));
      }
      window = GzipRangeStream.inflateWindow(deflated, resume.windows());
    }
    InputStream compressed =
        new ExtendingRangeStream(
            slice.reader(),
            resume.compressedOffset(),
            Math.max(resume.compressedOffset(), Math.min(compressedEnd, resume.objectSize())),
            resume.objectSize());
    return new GzipRangeStream(
        compressed,
        slice.reader().location(),
        resume.checkpoint(),
        window,
        offset - resume.uncompressedOffset(),
        length);
  }

  /**
   * The decoded bytes {@code [dataOffset, dataOffset + dataLength)} of a slice cut from plain or
   * gzip data: the slice's ranges as they are when {@code gzip} is null, else decompressed from the
   * resume point over the slice's first range.
   */
  public static InputStream openCut(
      SliceContext slice, @Nullable GzipResume gzip, long dataOffset, long dataLength)
      throws IOException {
    if (dataLength == 0) {
      return InputStream.nullInputStream();
    }
    if (gzip == null) {
      return slice.openRanges();
    }
    return open(slice, gzip, slice.slice().rangesOf(0).get(0).end(), dataOffset, dataLength);
  }

  /** The gzip index of an indexed object, or null if it is not compressed. */
  public static @Nullable GzipIndex read(IndexView index) throws IOException {
    if (!index.manifest().blobs().containsKey(INDEX_BLOB)) {
      return null;
    }
    return GzipIndex.parse(index.blob(INDEX_BLOB), index.blobLocation(INDEX_BLOB));
  }

  /** Where to resume for decompressed data starting at {@code start}. */
  public static GzipResume resumeFor(IndexView index, GzipIndex gz, long start) {
    GzipCheckpoint from = gz.checkpointFor(start);
    return new GzipResume(
        from.compressedOffset(),
        from.uncompressedOffset(),
        index.blobLocation(WINDOWS_BLOB).toString(),
        from.windowOffset(),
        from.windowLength(),
        gz.checkpoints().get(0).compressedOffset(),
        index.manifest().source().size());
  }

  /**
   * The compressed range a slice of decompressed {@code [start, end)} fetches: from its checkpoint
   * to the first checkpoint at or after {@code end} (everything before a block boundary is produced
   * by the bytes before it), or to the end of the object.
   */
  public static ByteRange compressedRange(GzipIndex gz, GzipResume resume, long end) {
    long stop = end >= gz.uncompressedSize() ? resume.objectSize() : gz.compressedEndFor(end);
    return ByteRange.between(resume.compressedOffset(), Math.max(stop, resume.compressedOffset()));
  }

  private static InputStream withProgress(InputStream in, Preprocessing job) {
    return new FilterInputStream(in) {
      private long pos;

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          pos += n;
          job.progress(pos);
        }
        return n;
      }
    };
  }
}
