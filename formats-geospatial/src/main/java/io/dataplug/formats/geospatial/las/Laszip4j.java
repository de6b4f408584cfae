package io.dataplug.formats.geospatial.las;

import com.github.mreutegg.laszip4j.laszip.LASitem;
import com.github.mreutegg.laszip4j.laszip.LASzip;

/** Builds laszip4j's {@link LASzip} from a parsed {@link LaszipVlr} (its own unpack is private). */
final class Laszip4j {
  private Laszip4j() {}

  /**
   * @param chunkPoints the point count of the one chunk to decode: laszip4j decodes a chunk that
   *     has no chunk table with this fixed chunk size
   */
  static LASzip toLaszip(LaszipVlr vlr, int chunkPoints) {
    LASzip z = new LASzip();
    z.compressor = (char) vlr.compressor();
    z.coder = (char) vlr.coder();
    z.version_major = (byte) vlr.versionMajor();
    z.version_minor = (byte) vlr.versionMinor();
    z.version_revision = (char) vlr.versionRevision();
    z.options = (int) vlr.options();
    z.chunk_size = chunkPoints;
    z.number_of_special_evlrs = vlr.specialEvlrCount();
    z.offset_to_special_evlrs = vlr.specialEvlrOffset();
    z.num_items = (char) vlr.items().size();
    z.items = new LASitem[vlr.items().size()];
    for (int i = 0; i < z.items.length; i++) {
      LaszipVlr.Item item = vlr.items().get(i);
      z.items[i] = new LASitem(LASitem.Type.fromOrdinal(item.type()), item.size(), item.version());
    }
    return z;
  }
}
