package io.dataplug.format;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A format whose slices can be written out as standalone files of their own kind (a LAS tile as a
 * LAS file that any LAS reader opens), so a job can turn one object into many.
 */
public interface WritingFormat extends FormatPlugin {
  /** The extension of the files {@link #write} makes, with its dot (e.g. {@code .las}). */
  String fileExtension();

  /**
   * Writes the slice's records as one file, streaming (the slice is never held in memory whole),
   * replacing {@code file} if it exists.
   *
   * @return what was written, as counters: at least {@code records}, plus the format's own
   * @throws io.dataplug.storage.MalformedDataException naming the object and offset if the data is
   *     not valid
   * @throws IOException if reading the slice or writing the file fails
   */
  Map<String, Long> write(SliceContext slice, Path file) throws IOException;
}
