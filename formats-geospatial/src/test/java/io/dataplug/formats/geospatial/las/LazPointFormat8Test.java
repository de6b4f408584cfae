package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mreutegg.laszip4j.laszip.ArithmeticEncoder;
import com.github.mreutegg.laszip4j.laszip.ByteStreamOutArray;
import com.github.mreutegg.laszip4j.laszip.LASzip;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.local.LocalObjectStore;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Point formats 8 and 10 and laszip4j 0.20 issue #175: a layered chunk whose RGB layer is empty is
 * decoded without the RGB layer (keeping the first point's RGB).
 */
class LazPointFormat8Test {
  private static final LaszipVlr PDRF8 =
      new LaszipVlr(
          3,
          0,
          3,
          4,
          3,
          0,
          LaszipVlr.VARIABLE_CHUNK_SIZE,
          -1,
          -1,
          List.of(
              new LaszipVlr.Item(LaszipVlr.Item.POINT14, 30, 3),
              new LaszipVlr.Item(LaszipVlr.Item.RGBNIR14, 8, 3)));

  static LasHeader pdrf8Header() {
    return new LasHeader(
        ObjectLocation.of("mem://test/pdrf8.laz"),
        1000,
        0,
        0,
        1,
        4,
        "",
        "",
        0,
        0,
        375,
        375,
        8,
        true,
        38,
        1,
        List.of(1L),
        new Xyz(0.01, 0.01, 0.001),
        new Xyz(500000, 4000000, 0),
        new Bounds3d(0, 0, 0, 0, 0, 0),
        0,
        0,
        List.of(),
        List.of(),
        Optional.of(PDRF8),
        List.of());
  }

  /**
   * A one-point layered chunk: the raw point, the count, 9 + 2 layer sizes, the layer bytes. Only
   * the x/y layer, which every chunk decodes, holds bytes: what an arithmetic encoder that encoded
   * nothing writes when it is done (laszip4j's encoder, as LASzip's writer does for such a chunk).
   */
  static byte[] onePointChunk(int rgbLayerSize) {
    ByteStreamOutArray out = new ByteStreamOutArray();
    ArithmeticEncoder encoder = new ArithmeticEncoder();
    encoder.init(out);
    encoder.done();
    byte[] xy = new byte[(int) out.tell()];
    out.takeData().get(0, xy);
    ByteBuffer b =
        ByteBuffer.allocate(38 + 4 + 11 * 4 + xy.length + rgbLayerSize)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(1000).putInt(-2000).putInt(300).putShort((short) 1234);
    b.put((byte) (2 | 3 << 4)); // return 2 of 3
    b.put((byte) (0x01 | 2 << 4 | 0x80)); // synthetic, channel 2, edge of flight line
    b.put((byte) 17).put((byte) 9).putShort((short) -500).putShort((short) 4321);
    b.putDouble(123456.789);
    b.putShort((short) 100).putShort((short) 200).putShort((short) 300).putShort((short) 40000);
    b.putInt(1);
    b.putInt(xy.length);
    for (int i = 1; i < 9; i++) {
      b.putInt(0);
    }
    b.putInt(rgbLayerSize).putInt(0);
    b.put(xy);
    return b.array();
  }

  @Test
  void emptyRgbLayerIsDecodedWithoutTheRgbLayer() throws Exception {
    LasHeader h = pdrf8Header();
    assertThat(
            LazChunks.checkLayers(h, PDRF8, onePointChunk(0), 375, 1, PointColumn.all())
                & LASzip.LASZIP_DECOMPRESS_SELECTIVE_RGB)
        .isZero();
    assertThat(
            LazChunks.checkLayers(h, PDRF8, onePointChunk(5), 375, 1, PointColumn.all())
                & LASzip.LASZIP_DECOMPRESS_SELECTIVE_RGB)
        .isNotZero();
  }

  @Test
  void onePointChunkKeepsEveryField() throws Exception {
    PointBatch b = LazChunks.decode(pdrf8Header(), onePointChunk(0), 383, 1, PointColumn.all());
    assertThat(b.columns()).isEqualTo(pdrf8Header().columns());
    assertThat(b.x()).containsExactly(1000 * 0.01 + 500000);
    assertThat(b.y()).containsExactly(-2000 * 0.01 + 4000000);
    assertThat(b.z()).containsExactly(300 * 0.001);
    assertThat(b.intensity()).containsExactly(1234);
    assertThat(b.returnNumber()).containsExactly(2);
    assertThat(b.numberOfReturns()).containsExactly(3);
    assertThat(b.flags()[0] & 0xFF).isEqualTo(0x01 | 0x20 | 0x80);
    assertThat(b.classification()).containsExactly((short) 17);
    assertThat(b.userData()).containsExactly((short) 9);
    assertThat(b.scanAngle()).containsExactly(-500 * 0.006);
    assertThat(b.pointSourceId()).containsExactly(4321);
    assertThat(b.gpsTime()).containsExactly(123456.789);
    assertThat(b.red()).containsExactly(100);
    assertThat(b.green()).containsExactly(200);
    assertThat(b.blue()).containsExactly(300);
    assertThat(b.nir()).containsExactly(40000);
  }

  /**
   * laszip4j's own test files record-format-7.laz and record-format-8.laz (62 points, the same
   * points with RGB, respectively RGB and NIR, and 21 extra bytes), when {@code
   * -Ddataplug.laz.extra=DIR} names a folder holding them; they are not shipped with this project.
   */
  @Test
  void laszip4jRecordFormat8FileEqualsItsFormat7Twin() throws Exception {
    String dir = System.getProperty("dataplug.laz.extra");
    Assumptions.assumeTrue(
        dir != null && Files.isRegularFile(Path.of(dir, "record-format-8.laz")),
        "Skipped: set -Ddataplug.laz.extra=DIR to a folder with laszip4j's record-format-7.laz and"
            + " record-format-8.laz");
    Path seven = Path.of(dir, "record-format-7.laz");
    Path eight = Path.of(dir, "record-format-8.laz");
    PointBatch b7;
    LasHeader h7;
    try (RangeReader r = new LocalObjectStore().newReader(ObjectLocation.ofPath(seven), null)) {
      h7 = LasHeader.read(r);
      assertThat(h7.extraBytes()).hasSize(8);
      assertThat(h7.extraBytes().stream().mapToInt(ExtraBytesDescriptor::byteSize).sum())
          .isEqualTo(21);
      LazChunkTable t7 = LazChunkTable.read(r, h7);
      b7 = LazChunks.read(r, h7, t7.chunks().get(0), PointColumn.all());
      PointOracle.read(seven, 62, 7, 21).assertMatches(b7, h7, 0, "record-format-7");
    }
    try (RangeReader r = new LocalObjectStore().newReader(ObjectLocation.ofPath(eight), null)) {
      LasHeader h8 = LasHeader.read(r);
      assertThat(h8.pointFormat()).isEqualTo(8);
      LazChunkTable t8 = LazChunkTable.read(r, h8);
      PointBatch b8 = LazChunks.read(r, h8, t8.chunks().get(0), PointColumn.all());
      assertThat(b8.size()).isEqualTo(62);
      assertThat(b8.x()).isEqualTo(b7.x());
      assertThat(b8.y()).isEqualTo(b7.y());
      assertThat(b8.z()).isEqualTo(b7.z());
      assertThat(b8.intensity()).isEqualTo(b7.intensity());
      assertThat(b8.returnNumber()).isEqualTo(b7.returnNumber());
      assertThat(b8.flags()).isEqualTo(b7.flags());
      assertThat(b8.classification()).isEqualTo(b7.classification());
      assertThat(b8.scanAngle()).isEqualTo(b7.scanAngle());
      assertThat(b8.gpsTime()).isEqualTo(b7.gpsTime());
      assertThat(b8.red()).isEqualTo(b7.red());
      assertThat(b8.green()).isEqualTo(b7.green());
      assertThat(b8.blue()).isEqualTo(b7.blue());
      assertThat(b8.extraBytes()).isEqualTo(b7.extraBytes());
      assertThat(b8.nir()).hasSize(62);
      System.out.println("record-format-8.laz: 62 points equal record-format-7.laz's");
    }
  }
}
