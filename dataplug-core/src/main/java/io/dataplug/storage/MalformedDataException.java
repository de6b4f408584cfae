package io.dataplug.storage;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** The data (or an index) is not what its format says it must be. The message names the object. */
public class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;

  public MalformedDataException(String message) {
    super(message);
  }

  public MalformedDataException(String message, Throwable cause) {
    super(message, cause);
  }

  /** "Malformed {format} data in {source} at byte {offset}: {problem}". */
  public static MalformedDataException at(
      String format, Object source, long offset, @Nullable String problem) {
    return new MalformedDataException(
        "Malformed " + format + " data in " + source + " at byte " + offset + ": " + problem);
  }
}
