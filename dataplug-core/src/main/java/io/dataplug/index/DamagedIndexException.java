package io.dataplug.index;

import io.dataplug.storage.MalformedDataException;
import org.jspecify.annotations.Nullable;

/**
 * A sidecar index cannot be used as stored: its manifest is not valid JSON, a blob is missing,
 * shorter than the manifest says or fails its checksum, or an entry points past the end of a blob.
 * The data object is not at fault; rebuilding the index ({@code dataplug preprocess --force}, or
 * {@code CloudObject.preprocess(PreprocessOptions.force())}) repairs it.
 */
public final class DamagedIndexException extends MalformedDataException {
  private static final long serialVersionUID = 1L;

  private final String where;

  /**
   * @param where the damaged file of the index (its manifest or a blob)
   * @param problem what is wrong with it
   * @param rebuild the command that rebuilds the index
   */
  public DamagedIndexException(
      String where, String problem, String rebuild, @Nullable Throwable cause) {
    super("Damaged index " + where + " (" + problem + "); rebuild it with: " + rebuild);
    if (cause != null) {
      initCause(cause);
    }
    this.where = where;
  }

  /** The damaged file of the index. */
  public String where() {
    return where;
  }
}
