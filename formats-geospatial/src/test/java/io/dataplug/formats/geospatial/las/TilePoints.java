package io.dataplug.formats.geospatial.las;

import java.util.ArrayList;
import java.util.List;

/**
 * Points as the point-cloud contract suites compare them: the stored integers and two attributes,
 * from our tiles and from the oracle ({@link PointOracle}) alike.
 */
public final class TilePoints {
  private TilePoints() {}

  /** One point of a tile as both sides give it, and whether the tile holds it as buffer. */
  public record Item(long x, long y, long z, int intensity, int classification, boolean buffer) {
    public String key() {
      return x + "," + y + "," + z + "," + intensity + "," + classification;
    }
  }

  /** Point {@code i} of the oracle in the form {@link Item#key()} gives ours. */
  public static String oracleKey(PointOracle o, int i) {
    return o.xs[i]
        + ","
        + o.ys[i]
        + ","
        + o.zs[i]
        + ","
        + o.intensity[i]
        + ","
        + o.classification[i];
  }

  /** The points of a tile, with the stored integers recovered through the header's scale. */
  public static List<Item> items(LasTile tile, LasHeader header) {
    PointBatch p = tile.points();
    List<Item> out = new ArrayList<>(p.size());
    for (int i = 0; i < p.size(); i++) {
      out.add(
          new Item(
              Math.round((p.x()[i] - header.offset().x()) / header.scale().x()),
              Math.round((p.y()[i] - header.offset().y()) / header.scale().y()),
              Math.round((p.z()[i] - header.offset().z()) / header.scale().z()),
              p.intensity()[i],
              p.classification()[i],
              tile.buffer().get(i)));
    }
    return out;
  }
}
