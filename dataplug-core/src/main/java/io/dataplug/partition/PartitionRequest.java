package io.dataplug.partition;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How to cut an object into slices: a typed request, which a format either supports (it lists the
 * request's {@link Kind} among its own) or refuses with one line naming what it does support. The
 * cutting itself costs no data I/O: it is computed from the object's index.
 *
 * <pre>{@code
 * co.partition(new PartitionRequest.Slices(8));                       // 8 slices of about equal size
 * co.partition(new PartitionRequest.Buffered(PartitionRequest.TileGrid.of(16), 20.0));
 * co.partition(new PartitionRequest.Level(2, PartitionRequest.TileGrid.of(4)));  // COPC: depth ≤ 2
 * co.partition("slices", 8);                                          // the same by name
 * }</pre>
 */
public sealed interface PartitionRequest extends Serializable
    permits PartitionRequest.Slices,
        PartitionRequest.TargetBytes,
        PartitionRequest.RecordsPerSlice,
        PartitionRequest.BasesPerSlice,
        PartitionRequest.WholeSequences,
        PartitionRequest.Regions,
        PartitionRequest.TileGrid,
        PartitionRequest.TileSize,
        PartitionRequest.BoundingBox,
        PartitionRequest.Polygon,
        PartitionRequest.Level,
        PartitionRequest.Resolution,
        PartitionRequest.Buffered {
  /** At most this many slices from one request. */
  long MAX_SLICES = 1_000_000;

  /** What kind of request this is. */
  Kind kind();

  /** Every kind a format must support to honour this request (a modifier adds its own). */
  default Set<Kind> kinds() {
    return EnumSet.of(kind());
  }

  /**
   * The request a strategy name and its one number stand for ({@code slices 8}, {@code bytes
   * 1048576}, {@code records 1000}, {@code tiles 16}, {@code level 3}, ...), as the command line
   * and {@code CloudObject.partition(String, long)} take them.
   *
   * @throws IllegalArgumentException for an unknown name (listing the known ones), a kind that
   *     takes no single number, or a value out of range
   */
  static PartitionRequest of(String name, double value) {
    Kind kind = Kind.named(name);
    long n = (long) value;
    boolean integral = n == value;
    switch (kind) {
      case SLICES:
        return new Slices(count(kind, value));
      case BYTES:
        return new TargetBytes(positive(kind, value));
      case RECORDS:
        return new RecordsPerSlice(positive(kind, value));
      case BASES:
        return new BasesPerSlice(positive(kind, value));
      case SEQUENCES:
        return new WholeSequences(count(kind, value));
      case REGIONS:
        return new Regions(count(kind, value));
      case TILES:
        return TileGrid.of(count(kind, value));
      case TILE_SIZE:
        return new TileSize(value, value);
      case LEVEL:
        if (!integral || n < 0 || n > 64) {
          throw new IllegalArgumentException("level must be a whole number in 0..64: " + value);
        }
        return new Level((int) n);
      case RESOLUTION:
        return new Resolution(value);
      default:
        throw new IllegalArgumentException(
            "'" + kind.id() + "' takes " + kind.parameter() + ", not a single number");
    }
  }

  private static int count(Kind kind, double value) {
    long n = positive(kind, value);
    if (n > MAX_SLICES) {
      throw new IllegalArgumentException("Too many slices: " + n + " (at most " + MAX_SLICES + ")");
    }
    return (int) n;
  }

  private static long positive(Kind kind, double value) {
    long n = (long) value;
    if (n != value) {
      throw new IllegalArgumentException(kind.parameter() + " must be a whole number: " + value);
    }
    if (n < 1) {
      throw new IllegalArgumentException(kind.parameter() + " must be at least 1: " + n);
    }
    return n;
  }

  /** The kinds of request, with the names the command line knows them by. */
  enum Kind {
    SLICES("slices", "number of slices", "n slices of about equal size"),
    BYTES("bytes", "target bytes per slice", "slices of about n bytes each"),
    RECORDS("records", "records per slice", "slices of about n records each", "reads", "points"),
    BASES("bases", "bases per slice", "slices of n bases; long sequences are split"),
    SEQUENCES("sequences", "number of slices", "n slices of whole sequences, balanced by bases"),
    REGIONS("regions", "number of slices", "n slices of genomic regions (needs a .tbi or .csi)"),
    TILES("tiles", "number of tiles", "a square-ish grid of n tiles over the data's extent"),
    TILE_SIZE("tile-size", "tile width (and height) in CRS units", "tiles of a given size"),
    BOUNDING_BOX("bbox", "minx,miny,maxx,maxy", "the data inside a bounding box"),
    POLYGON("polygon", "a polygon as WKT", "the data inside a polygon"),
    LEVEL(
        "level",
        "octree depth",
        "only the nodes down to an octree depth (with slices, tiles, bbox, polygon, buffer)"),
    RESOLUTION(
        "resolution",
        "point spacing in CRS units",
        "only the nodes down to the first depth this fine (combines like level)"),
    BUFFER(
        "buffer",
        "distance in CRS units",
        "add the data within a distance of each tile, flagged as buffer");

    private final String id;
    private final String parameter;
    private final String description;
    private final List<String> aliases;

    Kind(String id, String parameter, String description, String... aliases) {
      this.id = id;
      this.parameter = parameter;
      this.description = description;
      this.aliases = List.of(aliases);
    }

    /** The name the command line uses, e.g. {@code slices}. */
    public String id() {
      return id;
    }

    /** What the request's value means. */
    public String parameter() {
      return parameter;
    }

    /** One line for help texts. */
    public String description() {
      return description;
    }

    /** Other names of this kind ({@code reads} and {@code points} for records). */
    public List<String> aliases() {
      return aliases;
    }

    /**
     * The kind with this name or alias (case-insensitive).
     *
     * @throws IllegalArgumentException listing the known names if there is none
     */
    public static Kind named(String name) {
      requireNonNull(name, "name is null");
      String n = name.toLowerCase(Locale.ROOT);
      for (Kind k : values()) {
        if (k.id.equals(n) || k.aliases.contains(n)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "Unknown strategy '"
              + name
              + "' (known: "
              + String.join(", ", java.util.Arrays.stream(values()).map(Kind::id).toList())
              + ")");
    }
  }

  /** {@code count} slices of about equal size. */
  record Slices(int count) implements PartitionRequest {
    public Slices {
      checkCount(count);
    }

    @Override
    public Kind kind() {
      return Kind.SLICES;
    }
  }

  /** Slices of about {@code bytes} bytes each. */
  record TargetBytes(long bytes) implements PartitionRequest {
    public TargetBytes {
      if (bytes < 1) {
        throw new IllegalArgumentException("bytes must be at least 1: " + bytes);
      }
    }

    @Override
    public Kind kind() {
      return Kind.BYTES;
    }
  }

  /** Slices of about {@code records} records each (exactly where the index samples them). */
  record RecordsPerSlice(long records) implements PartitionRequest {
    public RecordsPerSlice {
      if (records < 1) {
        throw new IllegalArgumentException("records must be at least 1: " + records);
      }
    }

    @Override
    public Kind kind() {
      return Kind.RECORDS;
    }
  }

  /** Slices of {@code bases} bases each; long sequences are split. */
  record BasesPerSlice(long bases) implements PartitionRequest {
    public BasesPerSlice {
      if (bases < 1) {
        throw new IllegalArgumentException("bases must be at least 1: " + bases);
      }
    }

    @Override
    public Kind kind() {
      return Kind.BASES;
    }
  }

  /** {@code count} slices of whole sequences, balanced by bases. */
  record WholeSequences(int count) implements PartitionRequest {
    public WholeSequences {
      checkCount(count);
    }

    @Override
    public Kind kind() {
      return Kind.SEQUENCES;
    }
  }

  /** {@code count} slices of genomic regions of about equal compressed size. */
  record Regions(int count) implements PartitionRequest {
    public Regions {
      checkCount(count);
    }

    @Override
    public Kind kind() {
      return Kind.REGIONS;
    }
  }

  /** A grid of {@code columns × rows} tiles over the data's extent. */
  record TileGrid(int columns, int rows) implements PartitionRequest {
    public TileGrid {
      if (columns < 1 || rows < 1) {
        throw new IllegalArgumentException(
            "a tile grid needs at least 1×1 tiles: " + columns + "×" + rows);
      }
      if ((long) columns * rows > MAX_SLICES) {
        throw new IllegalArgumentException("Too many tiles: " + columns + "×" + rows);
      }
    }

    /** A square-ish grid of exactly {@code n} tiles: the factor pair of n closest to square. */
    public static TileGrid of(int n) {
      checkCount(n);
      int columns = (int) Math.sqrt(n);
      while (n % columns != 0) {
        columns--;
      }
      return new TileGrid(n / columns, columns);
    }

    @Override
    public Kind kind() {
      return Kind.TILES;
    }
  }

  /** Tiles of {@code width × height} in the data's CRS units, aligned to the extent's minimum. */
  record TileSize(double width, double height) implements PartitionRequest {
    public TileSize {
      if (!(width > 0) || !(height > 0) || Double.isInfinite(width) || Double.isInfinite(height)) {
        throw new IllegalArgumentException("tile size must be positive: " + width + "×" + height);
      }
    }

    @Override
    public Kind kind() {
      return Kind.TILE_SIZE;
    }
  }

  /** The data inside {@code [minX, maxX) × [minY, maxY)}, as one slice. */
  record BoundingBox(double minX, double minY, double maxX, double maxY)
      implements PartitionRequest {
    public BoundingBox {
      if (!(minX <= maxX) || !(minY <= maxY)) {
        throw new IllegalArgumentException(
            "bounding box min must not exceed max: " + minX + "," + minY + "," + maxX + "," + maxY);
      }
    }

    /** Parses {@code minx,miny,maxx,maxy}. */
    public static BoundingBox parse(String text) {
      String[] parts = text.split(",");
      if (parts.length != 4) {
        throw new IllegalArgumentException("bbox must be minx,miny,maxx,maxy: " + text);
      }
      double[] v = new double[4];
      for (int i = 0; i < 4; i++) {
        try {
          v[i] = Double.parseDouble(parts[i].trim());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bbox must be minx,miny,maxx,maxy: " + text);
        }
      }
      return new BoundingBox(v[0], v[1], v[2], v[3]);
    }

    @Override
    public Kind kind() {
      return Kind.BOUNDING_BOX;
    }
  }

  /** The data inside a polygon given as WKT (in the data's CRS). */
  record Polygon(String wkt) implements PartitionRequest {
    public Polygon {
      requireNonNull(wkt, "wkt is null");
      if (wkt.isBlank()) {
        throw new IllegalArgumentException("polygon WKT is empty");
      }
    }

    @Override
    public Kind kind() {
      return Kind.POLYGON;
    }
  }

  /**
   * The nodes of an octree down to depth {@code depth} (0: the root only), cut as {@code area} asks
   * (a number of slices, tiles, a box or a polygon, possibly buffered).
   */
  record Level(int depth, PartitionRequest area) implements PartitionRequest {
    public Level {
      if (depth < 0) {
        throw new IllegalArgumentException("level is negative: " + depth);
      }
      checkArea(area);
    }

    /** The nodes down to {@code depth} over the whole extent, as one slice. */
    public Level(int depth) {
      this(depth, new Slices(1));
    }

    @Override
    public Kind kind() {
      return Kind.LEVEL;
    }

    @Override
    public Set<Kind> kinds() {
      return with(Kind.LEVEL, area);
    }
  }

  /**
   * The nodes of an octree down to the first depth whose point spacing (the root's spacing halved
   * at each level) is at most {@code spacing}, cut as {@code area} asks.
   */
  record Resolution(double spacing, PartitionRequest area) implements PartitionRequest {
    public Resolution {
      if (!(spacing > 0) || Double.isInfinite(spacing)) {
        throw new IllegalArgumentException("resolution must be positive: " + spacing);
      }
      checkArea(area);
    }

    /** The nodes down to the depth of {@code spacing} over the whole extent, as one slice. */
    public Resolution(double spacing) {
      this(spacing, new Slices(1));
    }

    @Override
    public Kind kind() {
      return Kind.RESOLUTION;
    }

    @Override
    public Set<Kind> kinds() {
      return with(Kind.RESOLUTION, area);
    }
  }

  /**
   * The tiles of {@code tiles}, each with the data within {@code distance} of it added and flagged
   * as buffer (never counted as the tile's own, so the tiles themselves stay exactly-once). {@code
   * tiles} may be a {@link Level} or {@link Resolution} of tiles; it must not be buffered already.
   */
  record Buffered(PartitionRequest tiles, double distance) implements PartitionRequest {
    public Buffered {
      requireNonNull(tiles, "tiles is null");
      if (tiles.kinds().contains(Kind.BUFFER)) {
        throw new IllegalArgumentException("a buffer cannot be buffered again");
      }
      if (!(distance >= 0) || Double.isInfinite(distance)) {
        throw new IllegalArgumentException("buffer distance must be zero or positive: " + distance);
      }
    }

    @Override
    public Kind kind() {
      return Kind.BUFFER;
    }

    @Override
    public Set<Kind> kinds() {
      return with(Kind.BUFFER, tiles);
    }
  }

  /** {@code kind} and every kind {@code inner} needs. */
  private static Set<Kind> with(Kind kind, PartitionRequest inner) {
    Set<Kind> all = EnumSet.of(kind);
    all.addAll(inner.kinds());
    return all;
  }

  /** The area of a level or resolution request: anything but another depth limit. */
  private static void checkArea(PartitionRequest area) {
    requireNonNull(area, "area is null");
    if (area.kinds().contains(Kind.LEVEL) || area.kinds().contains(Kind.RESOLUTION)) {
      throw new IllegalArgumentException("an octree depth cannot be limited twice: " + area);
    }
  }

  private static void checkCount(long count) {
    if (count < 1) {
      throw new IllegalArgumentException("number of slices must be at least 1: " + count);
    }
    if (count > MAX_SLICES) {
      throw new IllegalArgumentException(
          "Too many slices: " + count + " (at most " + MAX_SLICES + ")");
    }
  }
}
