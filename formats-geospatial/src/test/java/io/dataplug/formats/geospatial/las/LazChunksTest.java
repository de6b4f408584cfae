package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.formats.geospatial.las.Fixtures.Truth;
import io.dataplug.storage.RangeReader;
import io.dataplug.testing.BytesReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LazChunksTest {

  static Stream<Truth> compressedFiles() {
    return Stream.of(Fixtures.LAZ, Fixtures.COPC).flatMap(List::stream);
  }

  @Test
  void chunkTablesEqualGroundTruth() throws Exception {
    LazChunkTable autzen = table("laz/autzen_trim.laz");
    assertThat(autzen.tableOffset()).isEqualTo(603333);
    assertThat(autzen.chunks())
        .containsExactly(
            new LazChunk(0, 2152, 283499, 50000, 0),
            new LazChunk(1, 285651, 262423, 50000, 50000),
            new LazChunk(2, 548074, 55259, 10000, 100000));
    LazChunkTable simple = table("laz/simple.laz");
    assertThat(simple.tableOffset()).isEqualTo(18203);
    assertThat(simple.chunks()).containsExactly(new LazChunk(0, 341, 17862, 1065, 0));
    LazChunkTable color = table("copc/1.2-with-color.copc.laz");
    assertThat(color.tableOffset()).isEqualTo(31408);
    assertThat(color.chunks()).hasSize(65);
    assertThat(color.chunks().get(0)).isEqualTo(new LazChunk(0, 1717, 458, 17, 0));
    assertThat(color.chunks().get(64)).isEqualTo(new LazChunk(64, 30999, 409, 14, 1051));
    assertThat(color.pointCount()).isEqualTo(1065);
    LazChunkTable lone = table("copc/lone-star.copc.laz");
    assertThat(lone.tableOffset()).isEqualTo(2704562);
    assertThat(lone.chunks()).hasSize(15);
    assertThat(lone.chunks().get(0)).isEqualTo(new LazChunk(0, 1268, 1438, 212, 0));
    assertThat(lone.chunks().get(14))
        .isEqualTo(new LazChunk(14, 2445508, 259054, 33647, 518862 - 33647));
  }

  @ParameterizedTest
  @MethodSource("compressedFiles")
  void everyChunkDecodedAloneEqualsLaszip4j(Truth t) throws Exception {
    try (RangeReader reader = Fixtures.reader(t.file())) {
      LasHeader h = LasHeader.read(reader);
      LazChunkTable table = LazChunkTable.read(reader, h);
      PointOracle oracle =
          PointOracle.read(Fixtures.path(t.file()), (int) h.pointCount(), h.pointFormat(), 0);
      long compared = 0;
      for (int i = table.chunks().size() - 1; i >= 0; i--) {
        LazChunk chunk = table.chunks().get(i);
        PointBatch all = LazChunks.read(reader, h, chunk, PointColumn.all());
        assertThat(all.size()).isEqualTo(chunk.pointCount());
        oracle.assertMatches(all, h, (int) chunk.firstPoint(), t.file() + " chunk " + i);
        PointBatch xyz = LazChunks.read(reader, h, chunk, PointColumn.xyzOnly());
        oracle.assertMatches(xyz, h, (int) chunk.firstPoint(), t.file() + " chunk " + i + " XYZ");
        compared += all.size();
      }
      assertThat(compared).isEqualTo(t.points());
      System.out.printf(
          "%s: %d chunks decoded alone (last first), %d points equal laszip4j's%n",
          t.file(), table.chunks().size(), compared);
    }
  }

  @Test
  void chunkTableOffsetMinusOneIsReadFromTheEnd() throws Exception {
    byte[] original = BytesReader.bytes(Fixtures.path("laz/simple.laz"));
    byte[] data = new byte[original.length + 8];
    System.arraycopy(original, 0, data, 0, original.length);
    ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(333, -1L);
    b.putLong(original.length, 18203L);
    BytesReader reader = BytesReader.of("simple-tail.laz", data);
    LasHeader h = LasHeader.read(reader);
    LazChunkTable table = LazChunkTable.read(reader, h);
    assertThat(table.tableOffset()).isEqualTo(18203);
    assertThat(table.chunks()).containsExactly(new LazChunk(0, 341, 17862, 1065, 0));
    PointOracle oracle = PointOracle.read(Fixtures.path("laz/simple.laz"), 1065, 3, 0);
    oracle.assertMatches(
        LazChunks.read(reader, h, table.chunks().get(0), PointColumn.all()), h, 0, "tail");
  }

  static LazChunkTable table(String file) throws Exception {
    try (RangeReader reader = Fixtures.reader(file)) {
      return LazChunkTable.read(reader, LasHeader.read(reader));
    }
  }
}
