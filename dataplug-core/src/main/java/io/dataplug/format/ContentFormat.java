package io.dataplug.format;

import java.io.IOException;
import java.io.InputStream;

/**
 * A format whose slices are runs of the object's (decompressed) bytes: the header, then the
 * contents of all slices in order, equal the object. Text, CSV and the genomics formats are; tiled
 * and two-object formats are not.
 */
public interface ContentFormat extends FormatPlugin {
  /** The slice's content bytes (decompressed, for compressed objects), without the header. */
  InputStream newContentStream(SliceContext slice) throws IOException;

  /** The object's header bytes (empty for objects without a header). */
  default InputStream newHeaderStream(SliceContext slice) throws IOException {
    return InputStream.nullInputStream();
  }
}
