package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.dataplug.formats.geospatial.copc.CopcParsing;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.BytesReader;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded mutation fuzzing of the LAS, LAZ and COPC parsers on the real fixtures: thousands of
 * variants with bytes flipped, fields overwritten with extreme values, and truncations,
 * concentrated on the header, the VLRs, the chunk table and (COPC) the info VLR and the hierarchy
 * pages, which the {@code copc} format's preprocessing, node index and slice header parsers then
 * read ({@link CopcParsing}). Each variant must parse, or fail with our documented exceptions
 * ({@link MalformedDataException}, {@link EOFException}); never another exception, never a hang,
 * never an allocation driven by a header's claim (the heap would show it). Coverage-guided fuzzing
 * (Jazzer) comes with the hardening issue; this is its seed.
 */
class PointCloudFuzzTest {
  private static final int VARIANTS = 600;

  @Test
  @Timeout(120)
  void mutatedFilesParseOrFailWithOurExceptions() throws Exception {
    List<String> files = new ArrayList<>();
    for (Fixtures.Truth t : Fixtures.LAS) {
      files.add(t.file());
    }
    for (Fixtures.Truth t : Fixtures.LAZ) {
      files.add(t.file());
    }
    for (Fixtures.Truth t : Fixtures.COPC) {
      files.add(t.file());
    }
    Random random = new Random(1);
    int parsed = 0;
    int refused = 0;
    for (String file : files) {
      byte[] original = Files.readAllBytes(Fixtures.path(file));
      LasHeader clean = LasHeader.read(BytesReader.of(file, original));
      // the bytes that describe the file: header, VLRs, and (LAZ) the chunk table and its pointer
      int describing = (int) Math.min(original.length, clean.offsetToPointData() + 8);
      // COPC: the hierarchy pages (here the root page, the EVLR's payload)
      ByteRange hierarchy =
          clean.evlr("copc", 1000).map(LasVlr::payloadRange).orElse(new ByteRange(0, 0));
      for (int v = 0; v < VARIANTS; v++) {
        byte[] data =
            hierarchy.isEmpty() || random.nextInt(3) > 0
                ? mutate(original, describing, random)
                : mutateEntries(original, hierarchy, random);
        long start = System.nanoTime();
        try {
          exercise(BytesReader.of(file + "#" + v, data));
          parsed++;
        } catch (MalformedDataException | EOFException e) {
          assertThat(e.getMessage()).as("message of %s variant %d", file, v).isNotBlank();
          refused++;
        } catch (Exception | Error e) {
          fail("variant " + v + " of " + file + " threw " + e, e);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
            .as("variant %d of %s", v, file)
            .isLessThan(Duration.ofSeconds(5));
      }
    }
    assertThat(parsed + refused).isEqualTo(files.size() * VARIANTS);
    assertThat(refused).as("most mutations of the describing bytes are refused").isPositive();
  }

  /** Parses the header and, as the file has them, the chunk table, one chunk and the hierarchy. */
  private static void exercise(BytesReader reader) throws Exception {
    LasHeader header = LasHeader.read(reader);
    if (header.compressed()) {
      LazChunkTable table = LazChunkTable.read(reader, header);
      if (!table.chunks().isEmpty()) {
        LazChunk last = table.chunks().get(table.chunks().size() - 1);
        LazChunks.read(reader, header, last, PointColumn.xyzOnly());
      }
      if (header.vlr("copc", 1).isPresent()) {
        CopcParsing.exercise(reader.location().fileName(), reader.bytes());
      }
    } else if (header.pointCount() > 0) {
      LasPoints.read(
          reader, header, 0, (int) Math.min(100, header.pointCount()), PointColumn.all());
    }
  }

  /**
   * One field of a hierarchy entry overwritten (a key part, the offset, the byte size or the point
   * count, with an extreme or a nearby value, or a pointer to another part of the file), or one
   * field of the info VLR.
   */
  private static byte[] mutateEntries(byte[] original, ByteRange pages, Random random) {
    byte[] data = original.clone();
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    if (random.nextInt(4) == 0) { // a field of the COPC info VLR (its payload starts at 429)
      int at = 429 + 8 * random.nextInt(9);
      long[] bits = {
        -1,
        0,
        Long.MAX_VALUE,
        data.length,
        pages.offset() + 32,
        Double.doubleToLongBits(Double.NaN),
        Double.doubleToLongBits(-1.0),
        Double.doubleToLongBits(1e300),
        Double.doubleToLongBits(Double.MIN_VALUE)
      };
      b.putLong(at, bits[random.nextInt(bits.length)]);
      return data;
    }
    int entry = (int) pages.offset() + 32 * random.nextInt((int) (pages.length() / 32));
    int[] fields = {0, 4, 8, 12, 16, 24, 28};
    int field = fields[random.nextInt(fields.length)];
    long[] values = {
      -1,
      0,
      1,
      31,
      32,
      Integer.MAX_VALUE,
      Integer.MIN_VALUE,
      pages.offset(),
      data.length,
      b.getInt(entry + field) + 1L,
      b.getInt(entry + field) - 1L
    };
    long value = values[random.nextInt(values.length)];
    if (field == 16) {
      b.putLong(entry + field, random.nextBoolean() ? value : Long.MAX_VALUE);
    } else {
      b.putInt(entry + field, (int) value);
      if (field == 28 && value == -1) { // a child page: somewhere, of some size
        b.putLong(entry + 16, random.nextBoolean() ? pages.offset() : random.nextInt(data.length));
        b.putInt(entry + 24, 32 * random.nextInt(1 + (int) (pages.length() / 32)));
      }
    }
    return data;
  }

  private static byte[] mutate(byte[] original, int describing, Random random) {
    byte[] data = original.clone();
    switch (random.nextInt(5)) {
      case 0 -> { // flip a few bytes where the file describes itself
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
          data[random.nextInt(describing)] ^= (byte) (1 + random.nextInt(255));
        }
      }
      case 1 -> { // an extreme value in a 4- or 8-byte field of the describing bytes
        int at = random.nextInt(Math.max(1, describing - 8));
        long[] extremes = {-1, 0, Integer.MAX_VALUE, 0xFFFFFFFFL, Long.MAX_VALUE, Long.MIN_VALUE};
        long value = extremes[random.nextInt(extremes.length)];
        int width = random.nextBoolean() ? 4 : 8;
        for (int b = 0; b < width && at + b < data.length; b++) {
          data[at + b] = (byte) (value >>> (8 * b));
        }
      }
      case 2 -> { // truncated anywhere
        return java.util.Arrays.copyOf(data, random.nextInt(data.length));
      }
      case 3 -> { // the tail (chunk table, EVLRs, COPC hierarchy) damaged
        int tail = Math.min(data.length, 4096);
        for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
          data[data.length - 1 - random.nextInt(tail)] ^= (byte) (1 + random.nextInt(255));
        }
      }
      default -> { // random bytes anywhere
        for (int i = 0, n = 1 + random.nextInt(16); i < n; i++) {
          data[random.nextInt(data.length)] = (byte) random.nextInt(256);
        }
      }
    }
    return data;
  }
}
