package io.dataplug.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A store that can also write: where sidecar indexes are kept and where {@code cp} copies to. */
public interface WritableObjectStore extends ObjectStore {
  /** Writes {@code data} as the whole object, replacing any previous one. */
  void put(ObjectLocation location, byte[] data) throws IOException;

  /** Uploads a local file as the whole object, replacing any previous one. */
  void put(ObjectLocation location, Path file) throws IOException;

  /** Deletes the object; deleting a missing object is not an error. */
  void delete(ObjectLocation location) throws IOException;

  /**
   * The names of the objects under {@code folder} (relative to it, {@code /}-separated, in no
   * particular order); empty if there are none. One listing request per thousand objects on S3.
   */
  List<String> list(ObjectLocation folder) throws IOException;
}
