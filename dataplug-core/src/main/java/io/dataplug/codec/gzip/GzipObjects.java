package io.dataplug.codec.gzip;

import io.dataplug.format.IndexView;
import io.dataplug.format.Preprocessing;
import io.dataplug.storage.ByteRange;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * What formats share for gzip objects: telling gzip from plain data, the index pass with its blobs
 * ({@code gzip}, {@code windows}) and attributes, and resume points for decompressed ranges.
 */
public final class GzipObjects {
  /** Blob with the {@link GzipIndex}. */
  public static final String INDEX_BLOB = "gzip";

  /** Blob with the compressed windows. */
  public static final String WINDOWS_BLOB = "windows";

  /** Default output bytes between checkpoints. */
  public static final long DEFAULT_SPACING = 4 << 20;

  private GzipObjects() {}

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
        try (InputStream in = job.openRange(new ByteRange(0, 2))) {
          byte[] magic = in.readNBytes(2);
          return (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
        }
      default:
        throw new IllegalArgumentException("compression must be auto, gzip or none: " + c);
    }
  }

  /**
   * Runs the index pass over the whole object, handing the decompressed stream to {@code listener}
   * on a second thread; stores the index and windows blobs and records attributes.
   */
  public static GzipIndex index(Preprocessing job, long spacing, GzipIndexer.Listener listener)
      throws IOException {
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
