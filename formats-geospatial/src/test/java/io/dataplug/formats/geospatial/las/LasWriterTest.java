package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mreutegg.laszip4j.laslib.LASheader;
import com.github.mreutegg.laszip4j.laslib.LASreadOpener;
import com.github.mreutegg.laszip4j.laslib.LASreader;
import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.format.SliceSummary;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Files written by {@link LasWriter} (and by {@link LasFormat#write} per tile) as laszip4j's own
 * reader sees them: its header count, points by return and bounds equal what it decodes from the
 * file, and the points equal the source's as laszip4j decodes the source ({@link PointOracle}).
 *
 * <p>Two written files were also checked once with copc.js's {@code Las.Header} (npm {@code
 * copc@0.0.8} + {@code laz-perf@0.0.7} installed in a temporary directory, not part of the build):
 * {@code node -e "const {Las}=require('copc'); const b=require('fs').readFileSync(f);
 * console.log(Las.Header.parse(new Uint8Array(b.buffer, b.byteOffset, 375)))"}. autzen_trim.laz
 * written as LAS: version 1.2, format 3, length 34, 110000 points, by return [99257, 9021, 1623,
 * 99, 0], 5 VLRs, points at 2038, bounds as GROUND_TRUTH.md. 1.2-with-color.copc.laz written as
 * LAS: 1.4, format 7, length 36, 1065 points (64-bit field; legacy 0), by return [925, 114, 21, 5,
 * 0 …], 1 VLR (the WKT; the copc and laszip VLRs and the hierarchy EVLR dropped), 0 EVLRs.
 */
class LasWriterTest {
  @TempDir Path dir;

  static Stream<Fixtures.Truth> files() {
    List<Fixtures.Truth> out = new ArrayList<>();
    out.add(Fixtures.LAS.get(0)); // 1.2-with-color.las
    out.add(Fixtures.LAS.get(1)); // autzen_trim.las (1.2, format 3)
    out.add(Fixtures.LAS.get(3)); // test1_4.las (1.4, format 6)
    out.addAll(Fixtures.LAZ); // autzen_trim.laz, simple.laz
    out.add(Fixtures.COPC.get(0)); // 1.2-with-color.copc.laz (1.4, format 7) read as las
    return out.stream();
  }

  /** Every point of the file as our decoders give it, in file order. */
  private static List<PointBatch> decodeAll(RangeReader reader, LasHeader h) throws Exception {
    List<PointBatch> out = new ArrayList<>();
    if (h.compressed()) {
      for (LazChunk chunk : LazChunkTable.read(reader, h).chunks()) {
        out.add(LazChunks.read(reader, h, chunk, PointColumn.all()));
      }
    } else {
      out.add(LasPoints.read(reader, h, 0, (int) h.pointCount(), PointColumn.all()));
    }
    return out;
  }

  /**
   * Decoding a file and writing its points gives a file whose points equal the source's in every
   * field laszip4j reads (so x = X * scale + offset, written back as round((x - offset) / scale),
   * is the stored integer X again, on every point), with header counts and bounds that match them.
   */
  @ParameterizedTest
  @MethodSource("files")
  void writtenFileHoldsTheSourcePointsExactly(Fixtures.Truth t) throws Exception {
    RangeReader reader = Fixtures.reader(t.file());
    LasHeader source = LasHeader.read(reader);
    Path out = dir.resolve("all.las");
    try (LasWriter w = LasWriter.create(out, source, reader)) {
      for (PointBatch b : decodeAll(reader, source)) {
        w.write(b, new BitSet());
      }
      assertThat(w.pointCount()).isEqualTo(t.points());
    }
    PointOracle want =
        PointOracle.read(
            Fixtures.path(t.file()), (int) t.points(), t.format(), source.extraBytesPerPoint());
    PointOracle got =
        PointOracle.read(out, (int) t.points(), t.format(), source.extraBytesPerPoint());
    assertSamePoints(got, want, t.file());
    assertHeaderMatchesPoints(out, t.versionMinor(), t.format(), t.recordLength());
    byte[] head = Files.readAllBytes(out);
    assertThat(head[104] & 0xFF)
        .as("point format byte, compression bit cleared")
        .isEqualTo(t.format());
  }

  /**
   * autzen_trim.laz and autzen_trim.las were both written by PDAL 1.0.0 from the same points: the
   * LAZ's points decoded and written as LAS are byte for byte the point records of the LAS, and the
   * header keeps its five VLRs and point data offset.
   */
  @org.junit.jupiter.api.Test
  void lazWrittenAsLasHasThePointRecordsPdalWrote() throws Exception {
    RangeReader laz = Fixtures.reader("laz/autzen_trim.laz");
    LasHeader source = LasHeader.read(laz);
    Path out = dir.resolve("autzen.las");
    try (LasWriter w = LasWriter.create(out, source, laz)) {
      for (PointBatch b : decodeAll(laz, source)) {
        w.write(b, new BitSet());
      }
    }
    byte[] ours = Files.readAllBytes(out);
    byte[] pdal = Files.readAllBytes(Fixtures.path("las/autzen_trim.las"));
    assertThat(ours.length).isEqualTo(pdal.length);
    LasHeader pdalHeader = LasHeader.read(Fixtures.reader("las/autzen_trim.las"));
    assertThat(
            LasHeader.read(
                    new io.dataplug.storage.local.LocalObjectStore()
                        .newReader(ObjectLocation.ofPath(out), null))
                .vlrs())
        .extracting(LasVlr::userId, LasVlr::recordId)
        .isEqualTo(
            pdalHeader.vlrs().stream()
                .map(v -> org.assertj.core.groups.Tuple.tuple(v.userId(), v.recordId()))
                .toList());
    int at = (int) pdalHeader.offsetToPointData();
    assertThat(Arrays.copyOfRange(ours, at, ours.length))
        .as("point records")
        .isEqualTo(Arrays.copyOfRange(pdal, at, pdal.length));
  }

  /**
   * Tiles written one file each: every file is valid for laszip4j (header = decoded points), the
   * tiles' own points together are the source's points exactly once, and with a buffer the extra
   * points are exactly the withheld ones (the fixtures have no withheld points of their own), each
   * a point of the source. {@code count}'s bounds (own points) equal the decoded bounds of the
   * file.
   */
  @ParameterizedTest
  @MethodSource("files")
  void tilesWrittenAsFilesAreTheSourceOnce(Fixtures.Truth t) throws Exception {
    Path copy = dir.resolve(Path.of(t.file()).getFileName());
    Files.copy(Fixtures.path(t.file()), copy);
    PointOracle source = PointOracle.read(Fixtures.path(t.file()), (int) t.points(), t.format(), 0);
    Map<String, Integer> want = multiset(source, t.format(), null, false);
    assertThat(Arrays.stream(source.flags).filter(f -> (f & PointBatch.FLAG_WITHHELD) != 0))
        .as("the fixture has no withheld points of its own")
        .isEmpty();
    CloudObject co = CloudObject.of(ObjectLocation.ofPath(copy).toString(), "las");
    co.preprocess();
    for (PartitionRequest request :
        List.of(
            PartitionRequest.TileGrid.of(4),
            new PartitionRequest.Buffered(new PartitionRequest.TileGrid(2, 2), 5))) {
      Map<String, Integer> own = new HashMap<>();
      SliceSummary total = SliceSummary.EMPTY;
      long buffered = 0;
      for (DataSlice slice : co.partition(request)) {
        Path tile = dir.resolve("tile_" + slice.index() + ".las");
        Map<String, Long> counts = Slices.write(slice, ObjectLocation.ofPath(tile));
        total = total.merge(Slices.summary(slice));
        long n = counts.get("records") + counts.get("buffer_points");
        assertHeaderMatchesPoints(tile, t.versionMinor(), t.format(), t.recordLength());
        PointOracle got = PointOracle.read(tile, (int) n, t.format(), 0);
        Map<String, Integer> withheld = multiset(got, t.format(), PointBatch.FLAG_WITHHELD, true);
        assertThat(withheld.values().stream().mapToLong(Integer::longValue).sum())
            .as("%s tile %s withheld = buffer points", t, slice.index())
            .isEqualTo(counts.get("buffer_points"));
        withheld.keySet().forEach(k -> assertThat(want).as("buffer point").containsKey(k));
        buffered += counts.get("buffer_points");
        multiset(got, t.format(), PointBatch.FLAG_WITHHELD, false)
            .forEach((k, v) -> own.merge(k, v, Integer::sum));
      }
      assertThat(own).as("%s %s: own points of all tiles", t, request).isEqualTo(want);
      if (request instanceof PartitionRequest.Buffered) {
        assertThat(buffered).as("%s buffer points", t).isPositive();
      }
      assertThat(total.counts()).containsEntry("records", t.points());
      LasHeader h = LasHeader.read(Fixtures.reader(t.file()));
      double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
      double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
      for (int i = 0; i < source.size; i++) {
        double[] p = {
          source.xs[i] * h.scale().x() + h.offset().x(),
          source.ys[i] * h.scale().y() + h.offset().y(),
          source.zs[i] * h.scale().z() + h.offset().z()
        };
        for (int k = 0; k < 3; k++) {
          min[k] = Math.min(min[k], p[k]);
          max[k] = Math.max(max[k], p[k]);
        }
      }
      assertThat(total.ranges())
          .as("%s bounds of the own points", t)
          .containsExactly(
              Map.entry("x", new SliceSummary.ValueRange(min[0], max[0])),
              Map.entry("y", new SliceSummary.ValueRange(min[1], max[1])),
              Map.entry("z", new SliceSummary.ValueRange(min[2], max[2])));
      // and those agree with GROUND_TRUTH.md's bounds (3 decimals)
      assertThat(min).containsExactly(t.min(), org.assertj.core.data.Offset.offset(0.0005));
      assertThat(max).containsExactly(t.max(), org.assertj.core.data.Offset.offset(0.0005));
    }
  }

  /**
   * Points keyed by raw X, Y, Z, intensity, classification, return number and GPS time bits. The
   * classification is masked to 5 bits for formats 0–5: laszip4j 0.20's {@code get_classification}
   * returns the whole byte there, flag bits included (129 for class 1 withheld).
   */
  private static Map<String, Integer> multiset(
      PointOracle o, int format, @Nullable Integer flag, boolean set) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < o.size; i++) {
      if (flag != null && ((o.flags[i] & flag) != 0) != set) {
        continue;
      }
      String key =
          o.xs[i]
              + ","
              + o.ys[i]
              + ","
              + o.zs[i]
              + ","
              + o.intensity[i]
              + ","
              + (format < 6 ? o.classification[i] & 0x1F : o.classification[i])
              + ","
              + o.returnNumber[i]
              + ","
              + o.gpsTimeBits[i];
      out.merge(key, 1, Integer::sum);
    }
    return out;
  }

  private static void assertSamePoints(PointOracle got, PointOracle want, String what) {
    assertThat(got.xs).as("%s X", what).isEqualTo(want.xs);
    assertThat(got.ys).as("%s Y", what).isEqualTo(want.ys);
    assertThat(got.zs).as("%s Z", what).isEqualTo(want.zs);
    assertThat(got.intensity).as("%s intensity", what).isEqualTo(want.intensity);
    assertThat(got.returnNumber).as("%s return", what).isEqualTo(want.returnNumber);
    assertThat(got.numberOfReturns).as("%s returns", what).isEqualTo(want.numberOfReturns);
    assertThat(got.flags).as("%s flags", what).isEqualTo(want.flags);
    assertThat(got.classification).as("%s class", what).isEqualTo(want.classification);
    assertThat(got.scanAngle).as("%s scan angle", what).isEqualTo(want.scanAngle);
    assertThat(got.userData).as("%s user data", what).isEqualTo(want.userData);
    assertThat(got.pointSourceId).as("%s point source", what).isEqualTo(want.pointSourceId);
    assertThat(got.gpsTimeBits).as("%s GPS", what).isEqualTo(want.gpsTimeBits);
    assertThat(got.red).as("%s red", what).isEqualTo(want.red);
    assertThat(got.green).as("%s green", what).isEqualTo(want.green);
    assertThat(got.blue).as("%s blue", what).isEqualTo(want.blue);
    assertThat(got.nir).as("%s NIR", what).isEqualTo(want.nir);
    assertThat(got.extraBytes).as("%s extra bytes", what).isEqualTo(want.extraBytes);
  }

  /**
   * laszip4j's header of {@code file} states the version, format and record length asked, and the
   * point count, points by return and bounds of the points laszip4j decodes from it.
   */
  private static void assertHeaderMatchesPoints(Path file, int minor, int format, int recordLength)
      throws Exception {
    LASreader r = new LASreadOpener().open(file.toString());
    long n = 0;
    long[] byReturn = new long[15];
    double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
    double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    LASheader h;
    try {
      h = r.header;
      while (r.read_point()) {
        n++;
        int rn = r.point.get_return_number();
        if (rn >= 1) {
          byReturn[rn - 1]++;
        }
        double[] p = {r.point.get_x(), r.point.get_y(), r.point.get_z()};
        for (int k = 0; k < 3; k++) {
          min[k] = Math.min(min[k], p[k]);
          max[k] = Math.max(max[k], p[k]);
        }
      }
    } finally {
      r.close();
    }
    String what = file.getFileName().toString();
    assertThat(h.version_minor).as(what).isEqualTo((byte) minor);
    assertThat(h.point_data_format).as(what).isEqualTo((byte) format);
    assertThat((int) h.point_data_record_length).as(what).isEqualTo(recordLength);
    assertThat(r.npoints).as("%s laszip4j's point count", what).isEqualTo(n);
    boolean legacy = format < 6;
    assertThat(Integer.toUnsignedLong(h.number_of_point_records))
        .as("%s legacy count", what)
        .isEqualTo(legacy ? n : 0);
    for (int k = 0; k < 5; k++) {
      assertThat(Integer.toUnsignedLong(h.number_of_points_by_return[k]))
          .as("%s legacy by return %s", what, k + 1)
          .isEqualTo(legacy ? byReturn[k] : 0);
    }
    if (minor >= 4) {
      assertThat(h.extended_number_of_point_records).as("%s 64-bit count", what).isEqualTo(n);
      assertThat(h.extended_number_of_points_by_return)
          .as("%s 64-bit by return", what)
          .containsExactly(byReturn);
    }
    if (n > 0) {
      assertThat(new double[] {h.min_x, h.min_y, h.min_z}).as("%s min", what).containsExactly(min);
      assertThat(new double[] {h.max_x, h.max_y, h.max_z}).as("%s max", what).containsExactly(max);
    }
  }
}
