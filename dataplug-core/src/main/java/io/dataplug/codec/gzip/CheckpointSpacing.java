package io.dataplug.codec.gzip;

/**
 * How far apart a {@link GzipIndex} keeps its checkpoints. A slice starts at the checkpoint before
 * its data and reads to the first checkpoint after it, so the compressed distance between
 * checkpoints is what a slice may fetch beyond its own bytes; dense checkpoints make slices fetch
 * only their own bytes, and let small objects be cut into many slices.
 *
 * <p>Two kinds of checkpoint cost differently. One at a gzip member start (every BGZF block is a
 * member) needs no history: it is 32 bytes of index. One inside a member carries the 32 KiB window
 * of output before it (stored deflated in the windows blob), so those are kept sparser. The default
 * for an object, {@link #forObject}, bounds both:
 *
 * <ul>
 *   <li>windowed checkpoints at least {@code size / 1024} compressed bytes and {@value #MIN_OUTPUT}
 *       output bytes apart: at most about 1,024 windows (≤ 32 MiB), and at most one window per four
 *       windows' worth of output, so the windows blob stays under about a quarter of the object (a
 *       window deflates about as well as the data around it);
 *   <li>member starts (BGZF blocks) at least {@code size / 2^20} compressed bytes apart: every
 *       block of an object of fewer than about a million blocks (tens of GB), and at most about a
 *       million points (32 MiB of index) beyond that.
 * </ul>
 *
 * @param output minimum output bytes between windowed checkpoints
 * @param compressed minimum compressed bytes between windowed checkpoints
 * @param member minimum compressed bytes between member-start checkpoints (0: every member)
 */
public record CheckpointSpacing(long output, long compressed, long member) {
  /** Most windowed checkpoints {@link #forObject} aims at. */
  public static final int WINDOWED_POINTS = 1024;

  /** Least output between windowed checkpoints by default: four windows. */
  public static final long MIN_OUTPUT = 4L * GzipIndexer.WINDOW;

  /** Most member-start checkpoints {@link #forObject} keeps. */
  public static final int MEMBER_POINTS = 1 << 20;

  public CheckpointSpacing {
    if (output < 1 || compressed < 0 || member < 0) {
      throw new IllegalArgumentException(
          "invalid checkpoint spacing: " + output + ", " + compressed + ", " + member);
    }
  }

  /** The default for a gzip object of {@code compressedSize} bytes (see the class comment). */
  public static CheckpointSpacing forObject(long compressedSize) {
    return new CheckpointSpacing(
        MIN_OUTPUT, compressedSize / WINDOWED_POINTS, compressedSize / MEMBER_POINTS);
  }

  /**
   * Windowed checkpoints at least {@code outputBytes} of output apart (a user's {@code spacing}
   * option), and every member start.
   */
  public static CheckpointSpacing everyOutput(long outputBytes) {
    return new CheckpointSpacing(outputBytes, 0, 0);
  }
}
