package io.dataplug.formats.geospatial.las;

import static io.dataplug.formats.geospatial.las.LasMalformedDataTest.patched;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.BytesReader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad chunk tables and chunks: each a {@link MalformedDataException}, none hangs. */
@Timeout(60)
class LazMalformedDataTest {

  static void assertTableFails(String name, byte[] data, String message) throws Exception {
    BytesReader reader = BytesReader.of(name, data);
    LasHeader h = LasHeader.read(reader);
    assertThatThrownBy(() -> LazChunkTable.read(reader, h))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(message);
  }

  @Test
  void chunkTablePointingOutsideTheObject() throws Exception {
    byte[] data = patched("laz/autzen_trim.laz", b -> b.putLong(2144, 603353 + 100));
    assertTableFails(
        "outside.laz",
        data,
        "Malformed LAZ data in mem://test/outside.laz at byte 2144: chunk table offset 603453"
            + " points outside the object (603353 bytes)");
  }

  @Test
  void chunkTablePointingBeforeThePoints() throws Exception {
    byte[] data = patched("laz/autzen_trim.laz", b -> b.putLong(2144, 100));
    assertTableFails(
        "before.laz",
        data,
        "Malformed LAZ data in mem://test/before.laz at byte 2144: chunk table offset 100 points"
            + " before the first chunk at byte 2152");
  }

  @Test
  void truncatedLazFile() throws Exception {
    byte[] data = Arrays.copyOf(BytesReader.bytes(Fixtures.path("laz/autzen_trim.laz")), 300_000);
    assertTableFails(
        "cut.laz",
        data,
        "Malformed LAZ data in mem://test/cut.laz at byte 2144: chunk table offset 603333 points"
            + " outside the object (300000 bytes)");
  }

  @Test
  void chunksThatDoNotTileThePointData() throws Exception {
    // ten bytes between the only chunk and the table: the chunk ends at 18203, the table is at
    // 18213
    byte[] original = BytesReader.bytes(Fixtures.path("laz/simple.laz"));
    byte[] data = new byte[original.length + 10];
    System.arraycopy(original, 0, data, 0, 18203);
    System.arraycopy(original, 18203, data, 18213, original.length - 18203);
    java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(333, 18213);
    assertTableFails(
        "gap.laz",
        data,
        "Malformed LAZ data in mem://test/gap.laz at byte 18213: the 1 chunks end at byte 18203,"
            + " but the chunk table starts at byte 18213: the chunks do not tile the point data"
            + " [341, 18213)");
  }

  @Test
  void chunkRunningPastTheTable() throws Exception {
    // the table moved 1000 bytes towards the chunks: the chunk's 17862 bytes run past it
    byte[] original = BytesReader.bytes(Fixtures.path("laz/simple.laz"));
    byte[] data = original.clone();
    System.arraycopy(original, 18203, data, 17203, original.length - 18203);
    java.nio.ByteBuffer.wrap(data).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(333, 17203);
    assertTableFails(
        "overlap.laz",
        data,
        "Malformed LAZ data in mem://test/overlap.laz at byte 17203: chunk 0 of 1 at byte 341 has"
            + " 17862 bytes, running past the chunk table at byte 17203: the chunks do not tile the"
            + " point data [341, 17203)");
  }

  @Test
  void chunkCountLargerThanThePointDataCanHold() throws Exception {
    byte[] data = patched("laz/simple.laz", b -> b.putInt(18203 + 4, 100_000));
    assertTableFails(
        "count.laz",
        data,
        "Malformed LAZ data in mem://test/count.laz at byte 18207: the chunk table lists 100000"
            + " chunks, but the 17862 bytes of point data before it hold at most 525 chunks of at"
            + " least one 34-byte point");
  }

  @Test
  void truncatedPointwiseChunk() throws Exception {
    BytesReader reader =
        BytesReader.of("a.laz", BytesReader.bytes(Fixtures.path("laz/autzen_trim.laz")));
    LasHeader h = LasHeader.read(reader);
    LazChunk last = LazChunkTable.read(reader, h).chunks().get(2);
    byte[] bytes = Arrays.copyOf(reader.readFully(last.range()), (int) last.byteLength() - 16);
    assertThatThrownBy(
            () -> LazChunks.decode(h, bytes, last.offset(), last.pointCount(), PointColumn.all()))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith("Malformed LAZ data in mem://test/a.laz at byte 548074: point ")
        .hasMessageContaining(" of 10000 does not decode");
  }

  @Test
  void pointwiseChunkAskedForOnePointTooMany() throws Exception {
    BytesReader reader =
        BytesReader.of("b.laz", BytesReader.bytes(Fixtures.path("laz/simple.laz")));
    LasHeader h = LasHeader.read(reader);
    LazChunk chunk = LazChunkTable.read(reader, h).chunks().get(0);
    byte[] bytes = reader.readFully(chunk.range());
    assertThatThrownBy(() -> LazChunks.decode(h, bytes, chunk.offset(), 1066, PointColumn.all()))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageStartingWith(
            "Malformed LAZ data in mem://test/b.laz at byte 341: point 1065 of 1066 does not"
                + " decode");
  }

  @Test
  void truncatedLayeredChunk() throws Exception {
    BytesReader reader =
        BytesReader.of("c.laz", BytesReader.bytes(Fixtures.path("copc/lone-star.copc.laz")));
    LasHeader h = LasHeader.read(reader);
    LazChunk last = LazChunkTable.read(reader, h).chunks().get(14);
    byte[] bytes = Arrays.copyOf(reader.readFully(last.range()), (int) last.byteLength() - 1);
    assertThatThrownBy(
            () -> LazChunks.decode(h, bytes, last.offset(), last.pointCount(), PointColumn.all()))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed LAZ data in mem://test/c.laz at byte 2445542: the layers add up to 258984"
                + " bytes, but the chunk has only 258983 after its layer table (truncated chunk?)");
  }

  @Test
  void layeredChunkWithAnotherPointCount() throws Exception {
    BytesReader reader =
        BytesReader.of("d.laz", BytesReader.bytes(Fixtures.path("copc/lone-star.copc.laz")));
    LasHeader h = LasHeader.read(reader);
    LazChunk first = LazChunkTable.read(reader, h).chunks().get(0);
    byte[] bytes = reader.readFully(first.range());
    assertThatThrownBy(() -> LazChunks.decode(h, bytes, first.offset(), 213, PointColumn.all()))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed LAZ data in mem://test/d.laz at byte 1298: the layered chunk holds 212"
                + " points, but 213 were expected");
  }

  @Test
  void corruptChunkNeverYieldsTheWrongCount() throws Exception {
    BytesReader reader =
        BytesReader.of("e.laz", BytesReader.bytes(Fixtures.path("laz/autzen_trim.laz")));
    LasHeader h = LasHeader.read(reader);
    LazChunk last = LazChunkTable.read(reader, h).chunks().get(2);
    byte[] bytes = reader.readFully(last.range());
    for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
      bytes[i] ^= 0x5A;
    }
    // laszip4j notices flipped bytes late or not at all (pointwise chunks have no layer sizes):
    // either an error or exactly the count asked for, never an exception of another kind
    try {
      assertThat(LazChunks.decode(h, bytes, last.offset(), 10000, PointColumn.all()).size())
          .isEqualTo(10000);
    } catch (MalformedDataException e) {
      assertThat(e).hasMessageStartingWith("Malformed LAZ data in mem://test/e.laz at byte 548074");
    }
  }
}
