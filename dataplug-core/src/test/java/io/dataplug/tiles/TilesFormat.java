package io.dataplug.tiles;

import io.dataplug.format.FormatInfo;
import io.dataplug.format.IndexView;
import io.dataplug.format.Preprocessing;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSpec;
import io.dataplug.format.SummarizingFormat;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.ObjectRef;
import io.dataplug.slice.SliceHint;
import io.dataplug.slice.SliceRange;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A tiny tiled, two-object format that exists only to prove the SPI and the contract kit fit
 * formats whose slices are tiles of scattered ranges in a companion object (as COPC nodes or imzML
 * spectra in an {@code .ibd}); not shipped.
 *
 * <p>The primary object {@code name.tiles} is text: a line {@code TILES 1}, then one line per
 * chunk, {@code offset count minx miny maxx maxy}. The companion {@code name.pts} holds the points:
 * little-endian int32 x, y, 8 bytes each, chunk after chunk. A tile holds the points in its
 * half-open box (the last column and row are closed at the extent's maximum); a buffered tile adds
 * the points within the buffer, flagged.
 */
public final class TilesFormat implements SummarizingFormat {
  static final String CHUNKS = "chunks";

  /** A point; {@code buffer} if it lies in the tile's buffer, not in the tile. */
  public record Point(int x, int y, boolean buffer) {}

  /**
   * Decode hint: the core tile {@code [minX, maxX) × [minY, maxY)} (closed at the extent's max on
   * the last column/row) and the buffer distance.
   */
  public record TileHint(
      double minX,
      double minY,
      double maxX,
      double maxY,
      boolean lastColumn,
      boolean lastRow,
      double buffer)
      implements SliceHint {}

  /** A chunk of points in the companion. */
  record Chunk(long offset, int count, int minX, int minY, int maxX, int maxY) {
    long length() {
      return 8L * count;
    }
  }

  @Override
  public String id() {
    return "tiles-test";
  }

  @Override
  public FormatInfo info() {
    return new FormatInfo(
        "test-only tiled format: a chunk table with its points in a companion .pts",
        1,
        List.of(
            PartitionRequest.Kind.TILES,
            PartitionRequest.Kind.BUFFER,
            PartitionRequest.Kind.BOUNDING_BOX),
        List.of(),
        TileHint.class);
  }

  @Override
  public int detect(String name, byte[] head) {
    return name.endsWith(".tiles") ? 2 : 0;
  }

  static List<Chunk> parse(byte[] table, Object source, long companionSize)
      throws MalformedDataException {
    String[] lines = new String(table, StandardCharsets.US_ASCII).split("\n");
    if (lines.length == 0 || !lines[0].equals("TILES 1")) {
      throw MalformedDataException.at("tiles-test", source, 0, "no 'TILES 1' line");
    }
    List<Chunk> chunks = new ArrayList<>();
    long next = 0;
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].trim().split(" ");
      try {
        Chunk c =
            new Chunk(
                Long.parseLong(f[0]),
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                Integer.parseInt(f[3]),
                Integer.parseInt(f[4]),
                Integer.parseInt(f[5]));
        if (c.offset() != next || c.count() < 0 || c.offset() + c.length() > companionSize) {
          throw MalformedDataException.at(
              "tiles-test", source, i, "chunk " + i + " does not follow the previous one");
        }
        next = c.offset() + c.length();
        chunks.add(c);
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        throw MalformedDataException.at("tiles-test", source, i, "bad chunk line " + i);
      }
    }
    return chunks;
  }

  @Override
  public void preprocess(Preprocessing job) throws IOException {
    byte[] table = job.reader().readFully(new ByteRange(0, job.metadata().size()));
    Preprocessing.Companion points = job.companion(companionName(job.location().fileName()));
    List<Chunk> chunks = parse(table, job.location(), points.metadata().size());
    job.putBlob(CHUNKS, table);
    job.summary(
        new TilesSummary(
            chunks.stream().mapToLong(Chunk::count).sum(),
            points.location().toString(),
            points.metadata().etag(),
            points.metadata().size()));
  }

  /** The index summary: the points and where they are (the companion, pinned to its ETag). */
  record TilesSummary(long records, String points, @Nullable String pointsEtag, long pointsSize) {}

  static String companionName(String tilesName) {
    return tilesName.substring(0, tilesName.length() - ".tiles".length()) + ".pts";
  }

  @Override
  public List<SliceSpec> partition(IndexView index, PartitionRequest request) throws IOException {
    TilesSummary summary = index.summary(TilesSummary.class);
    List<Chunk> chunks =
        parse(index.blob(CHUNKS), index.blobLocation(CHUNKS), summary.pointsSize());
    ObjectRef points = new ObjectRef(summary.points(), summary.pointsEtag());
    double buffer = 0;
    PartitionRequest tiles = request;
    if (request instanceof PartitionRequest.Buffered b) {
      buffer = b.distance();
      tiles = b.tiles();
    }
    int minX = Integer.MAX_VALUE;
    int minY = Integer.MAX_VALUE;
    int maxX = Integer.MIN_VALUE;
    int maxY = Integer.MIN_VALUE;
    for (Chunk c : chunks) {
      minX = Math.min(minX, c.minX());
      minY = Math.min(minY, c.minY());
      maxX = Math.max(maxX, c.maxX());
      maxY = Math.max(maxY, c.maxY());
    }
    List<TileHint> hints = new ArrayList<>();
    if (tiles instanceof PartitionRequest.TileGrid g) {
      double w = (double) (maxX - minX) / g.columns();
      double h = (double) (maxY - minY) / g.rows();
      for (int row = 0; row < g.rows(); row++) {
        for (int col = 0; col < g.columns(); col++) {
          hints.add(
              new TileHint(
                  minX + col * w,
                  minY + row * h,
                  col + 1 == g.columns() ? maxX : minX + (col + 1) * w,
                  row + 1 == g.rows() ? maxY : minY + (row + 1) * h,
                  col + 1 == g.columns(),
                  row + 1 == g.rows(),
                  buffer));
        }
      }
    } else if (tiles instanceof PartitionRequest.BoundingBox b) {
      hints.add(new TileHint(b.minX(), b.minY(), b.maxX(), b.maxY(), false, false, buffer));
    } else {
      throw new IllegalArgumentException("tiles-test cannot cut by " + request.kind().id());
    }
    List<SliceSpec> specs = new ArrayList<>();
    for (TileHint t : hints) {
      List<SliceRange> ranges = new ArrayList<>();
      for (Chunk c : chunks) {
        if (c.count() > 0
            && c.maxX() >= t.minX() - t.buffer()
            && c.minX() <= t.maxX() + t.buffer()
            && c.maxY() >= t.minY() - t.buffer()
            && c.minY() <= t.maxY() + t.buffer()) {
          ranges.add(new SliceRange(1, c.offset(), c.length()));
        }
      }
      specs.add(new SliceSpec(List.of(points), ranges, t));
    }
    return specs;
  }

  static boolean inside(double v, double min, double max, boolean closed) {
    return v >= min && (v < max || closed && v == max);
  }

  /** Counts the tile's own points: buffer points belong to their own tile. */
  @Override
  public java.util.Map<String, Long> summarize(SliceContext slice) throws IOException {
    long own = 0;
    try (RecordReader<Point> reader = newRecordReader(slice)) {
      while (reader.advance()) {
        own += reader.current().buffer() ? 0 : 1;
      }
    }
    return java.util.Map.of("records", own);
  }

  @Override
  public RecordReader<Point> newRecordReader(SliceContext slice) throws IOException {
    TileHint t = slice.hint(TileHint.class);
    List<SliceRange> ranges = slice.slice().ranges();
    return new RecordReader<>() {
      private int range = -1;
      private @Nullable ByteBuffer points;
      private @Nullable Point current;

      @Override
      public boolean advance() throws IOException {
        while (true) {
          while (points == null || !points.hasRemaining()) {
            if (++range >= ranges.size()) {
              return false;
            }
            SliceRange r = ranges.get(range);
            points =
                ByteBuffer.wrap(slice.reader(r.object()).readFully(r.range()))
                    .order(ByteOrder.LITTLE_ENDIAN);
          }
          int x = points.getInt();
          int y = points.getInt();
          boolean own =
              inside(x, t.minX(), t.maxX(), t.lastColumn())
                  && inside(y, t.minY(), t.maxY(), t.lastRow());
          boolean buffered =
              !own
                  && x >= t.minX() - t.buffer()
                  && x <= t.maxX() + t.buffer()
                  && y >= t.minY() - t.buffer()
                  && y <= t.maxY() + t.buffer()
                  && t.buffer() > 0;
          if (own || buffered) {
            current = new Point(x, y, buffered);
            return true;
          }
        }
      }

      @Override
      public Point current() {
        return RecordReader.requireCurrent(current);
      }

      @Override
      public void close() {}
    };
  }
}
