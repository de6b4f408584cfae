package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dataplug.formats.geospatial.las.Fixtures.Truth;
import io.dataplug.storage.RangeReader;
import io.dataplug.testing.BytesReader;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LasHeaderTest {

  static Stream<Truth> allFiles() {
    return Stream.of(Fixtures.LAS, Fixtures.LAZ, Fixtures.COPC).flatMap(List::stream);
  }

  @ParameterizedTest
  @MethodSource("allFiles")
  void headerEqualsGroundTruth(Truth t) throws Exception {
    LasHeader h;
    try (RangeReader reader = Fixtures.reader(t.file())) {
      h = LasHeader.read(reader);
    }
    assertThat(h.objectSize()).isEqualTo(t.bytes());
    assertThat(h.versionMajor()).isEqualTo(1);
    assertThat(h.versionMinor()).isEqualTo(t.versionMinor());
    assertThat(h.pointFormat()).isEqualTo(t.format());
    assertThat(h.compressed()).isEqualTo(t.rawFormat() >= 128);
    assertThat(h.laszip().isPresent()).isEqualTo(h.compressed());
    assertThat(h.pointRecordLength()).isEqualTo(t.recordLength());
    assertThat(h.pointCount()).isEqualTo(t.points());
    assertThat(h.offsetToPointData()).isEqualTo(t.pointData());
    assertThat(h.vlrs()).hasSize(t.vlrs());
    assertThat(h.evlrs()).hasSize(t.evlrs());
    assertThat(h.generatingSoftware()).isEqualTo(t.generator());
    assertThat(h.extraBytesPerPoint()).isZero();
    assertThat(h.extraBytes()).isEmpty();
    if (t.points() > 0) {
      Bounds3d b = h.bounds();
      assertThat(new double[] {b.minX(), b.minY(), b.minZ()})
          .containsExactly(t.min(), within(5e-4));
      assertThat(new double[] {b.maxX(), b.maxY(), b.maxZ()})
          .containsExactly(t.max(), within(5e-4));
    }
    long byReturn = h.pointsByReturn().stream().mapToLong(Long::longValue).sum();
    assertThat(byReturn).isEqualTo(t.points());
  }

  @Test
  void vlrsAreListedWithTheirPayloadPlaces() throws Exception {
    try (RangeReader reader = Fixtures.reader("copc/1.2-with-color.copc.laz")) {
      LasHeader h = LasHeader.read(reader);
      LasVlr info = h.vlrs().get(0);
      assertThat(info.is("copc", 1)).isTrue();
      assertThat(info.headerOffset()).isEqualTo(375);
      assertThat(info.payloadOffset()).isEqualTo(429);
      assertThat(info.payloadLength()).isEqualTo(160);
      LasVlr laszip = h.vlr("laszip encoded", 22204).orElseThrow();
      assertThat(laszip.headerOffset()).isEqualTo(589);
      assertThat(laszip.readPayload(reader)).hasSize(34 + 6 * 2);
      LasVlr hierarchy = h.evlrs().get(0);
      assertThat(hierarchy.is("copc", 1000)).isTrue();
      assertThat(hierarchy.extended()).isTrue();
      assertThat(hierarchy.description()).isEqualTo("EPT Hierarchy");
      assertThat(hierarchy.payloadOffset()).isEqualTo(31604);
      assertThat(hierarchy.payloadLength()).isEqualTo(2080);
    }
  }

  @Test
  void laszipVlrIsParsed() throws Exception {
    LaszipVlr autzen = header("laz/autzen_trim.laz").laszip().orElseThrow();
    assertThat(autzen.compressor()).isEqualTo(LaszipVlr.POINTWISE_CHUNKED);
    assertThat(List.of(autzen.versionMajor(), autzen.versionMinor(), autzen.versionRevision()))
        .containsExactly(2, 2, 0);
    assertThat(autzen.chunkSize()).isEqualTo(50000);
    assertThat(autzen.items())
        .containsExactly(
            new LaszipVlr.Item(LaszipVlr.Item.POINT10, 20, 2),
            new LaszipVlr.Item(LaszipVlr.Item.GPSTIME11, 8, 2),
            new LaszipVlr.Item(LaszipVlr.Item.RGB12, 6, 2));
    LaszipVlr simple = header("laz/simple.laz").laszip().orElseThrow();
    assertThat(List.of(simple.versionMajor(), simple.versionMinor(), simple.versionRevision()))
        .containsExactly(3, 4, 3);
    LaszipVlr copc = header("copc/lone-star.copc.laz").laszip().orElseThrow();
    assertThat(copc.compressor()).isEqualTo(LaszipVlr.LAYERED_CHUNKED);
    assertThat(copc.variableChunkSize()).isTrue();
    assertThat(copc.items()).containsExactly(new LaszipVlr.Item(LaszipVlr.Item.POINT14, 30, 3));
    assertThat(copc.specialEvlrCount()).isEqualTo(-1);
  }

  @Test
  void oneRequestReadsAHeaderAndItsVlrs() throws Exception {
    BytesReader reader =
        BytesReader.of("autzen.las", BytesReader.bytes(Fixtures.path("las/autzen_trim.las")));
    LasHeader h = LasHeader.read(reader);
    assertThat(h.vlrs()).hasSize(5);
    assertThat(reader.requests()).isEqualTo(1);
  }

  static LasHeader header(String file) throws Exception {
    try (RangeReader reader = Fixtures.reader(file)) {
      return LasHeader.read(reader);
    }
  }
}
