package io.dataplug.formats.geospatial.las;

import io.dataplug.partition.PartitionRequest;
import io.dataplug.testing.AbstractFormatContractTest;
import io.dataplug.testing.ContractCase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The format contract for LAS and LAZ tiles on the shared fixtures: the tiles' own points, all
 * together, are every point of the file exactly once, as laszip4j's own sequential reader returns
 * them (stored X, Y, Z, intensity and classification); buffered tiles add points flagged as buffer
 * and keep that property; each tile fetches only the runs or chunks its index names, plus one read
 * of at most 64 KiB for the object's header.
 */
abstract class LasContractSuite extends AbstractFormatContractTest {
  private static List<Object> expected(Fixtures.Truth t) throws Exception {
    PointOracle o = PointOracle.read(Fixtures.path(t.file()), (int) t.points(), t.format(), 0);
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < o.size; i++) {
      out.add(TilePoints.oracleKey(o, i));
    }
    return out;
  }

  @Override
  protected List<ContractCase> cases() throws Exception {
    List<ContractCase> cases = new ArrayList<>();
    List<Fixtures.Truth> files = new ArrayList<>(Fixtures.LAS);
    files.addAll(Fixtures.LAZ);
    // a COPC file is a LAZ 1.4 file with variable chunks: as LAZ, its chunks are the tiles' pieces
    files.addAll(Fixtures.COPC.stream().filter(t -> t.points() < 10_000).toList());
    for (Fixtures.Truth t : files) {
      if (t.points() == 0) {
        continue;
      }
      Path file = Fixtures.path(t.file());
      LasHeader header = LasHeader.read(Fixtures.reader(t.file()));
      byte[] data = Files.readAllBytes(file);
      cases.add(
          new ContractCase(
              t.file(),
              place -> place.object("las/" + file.getFileName(), data).format("las").build(),
              expected(t),
              null,
              List.of(),
              List.of(
                  new PartitionRequest.Slices(1),
                  PartitionRequest.TileGrid.of(4),
                  new PartitionRequest.TileGrid(5, 3),
                  new PartitionRequest.Buffered(PartitionRequest.TileGrid.of(9), 20),
                  new PartitionRequest.Buffered(new PartitionRequest.TileGrid(2, 2), 0),
                  // slices of at most k points: 3 and 7 of them, the units split between slices
                  new PartitionRequest.RecordsPerSlice(t.points() / 3 + 1),
                  new PartitionRequest.RecordsPerSlice(t.points() / 7 + 1)),
              c ->
                  c.expanding(r -> TilePoints.items((LasTile) r, header))
                      .comparing(r -> r instanceof TilePoints.Item i ? i.key() : r)
                      .asTiles(r -> !((TilePoints.Item) r).buffer())
                      // the reader parses the object's header and VLRs (one read of up to 64 KiB)
                      // before its ranges
                      .allowingExtraFetch(ByteWindow.WINDOW)
                      // Not within the kit's usual fetch bound, by design: las answers Slices(n)
                      // with n spatial tiles (a TileGrid), and a LAS/LAZ file's points are not in
                      // tile order, so each tile reads every cell run (LAS) or chunk (LAZ) its box
                      // meets (autzen_trim.las in 8 tiles: 12.4 MB of 3.7 MB). Bounded instead by
                      // one read of the object (plus its header window) per tile.
                      .allowingSliceFetch(
                          data.length + ByteWindow.WINDOW,
                          "las Slices(n) are n spatial tiles; a tile reads every chunk or cell run"
                              + " its box meets, and points are not in tile order")));
    }
    return cases;
  }

  /**
   * Slices of at most k points (PDAL's chipper) hold exactly k points each but the last: the
   * contract cases above check that together they are every point once.
   */
  @org.junit.jupiter.api.Test
  void chipsHoldKPointsEachButTheLast() throws Exception {
    for (Fixtures.Truth t :
        List.of(Fixtures.LAS.get(1), Fixtures.LAZ.get(0), Fixtures.COPC.get(0))) {
      Path file = Fixtures.path(t.file());
      var co =
          place()
              .object("chips/" + file.getFileName(), Files.readAllBytes(file))
              .format("las")
              .build();
      co.preprocess();
      for (long k : new long[] {1_000, 7_777, 50_000}) {
        var slices = co.partition(new PartitionRequest.RecordsPerSlice(k));
        org.assertj.core.api.Assertions.assertThat(slices)
            .as("%s, k=%d", t.file(), k)
            .hasSize((int) ((t.points() + k - 1) / k));
        for (int i = 0; i < slices.size(); i++) {
          long n = io.dataplug.Slices.summarize(slices.get(i)).get("records");
          org.assertj.core.api.Assertions.assertThat(n)
              .as("%s, k=%d, slice %d", t.file(), k, i)
              .isEqualTo(i + 1 < slices.size() ? k : t.points() - k * (slices.size() - 1));
        }
      }
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () ->
                  co.partition(
                      new PartitionRequest.Buffered(new PartitionRequest.RecordsPerSlice(10), 5)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not to slices of at most k points");
    }
  }

  /**
   * A polygon slice holds exactly the points JTS finds covered by the polygon among the points
   * laszip4j reads (the triangle's corners are on the extent's corners and the middle of its top).
   */
  @org.junit.jupiter.api.Test
  void polygonSliceHoldsThePointsCoveredByIt() throws Exception {
    for (Fixtures.Truth t : List.of(Fixtures.LAS.get(0), Fixtures.LAZ.get(0))) {
      Path file = Fixtures.path(t.file());
      LasHeader header = LasHeader.read(Fixtures.reader(t.file()));
      double[] min = t.min();
      double[] max = t.max();
      String wkt =
          String.format(
              java.util.Locale.ROOT,
              "POLYGON ((%f %f, %f %f, %f %f, %f %f))",
              min[0],
              min[1],
              max[0],
              min[1],
              (min[0] + max[0]) / 2,
              max[1],
              min[0],
              min[1]);
      var triangle =
          org.locationtech.jts.geom.prep.PreparedGeometryFactory.prepare(
              new org.locationtech.jts.io.WKTReader().read(wkt));
      var factory = new org.locationtech.jts.geom.GeometryFactory();
      PointOracle o = PointOracle.read(file, (int) t.points(), t.format(), 0);
      List<String> want = new ArrayList<>();
      for (int i = 0; i < o.size; i++) {
        double x = o.xs[i] * header.scale().x() + header.offset().x();
        double y = o.ys[i] * header.scale().y() + header.offset().y();
        if (triangle.covers(factory.createPoint(new org.locationtech.jts.geom.Coordinate(x, y)))) {
          want.add(TilePoints.oracleKey(o, i));
        }
      }
      var co =
          place()
              .object("polygon/" + file.getFileName(), Files.readAllBytes(file))
              .format("las")
              .build();
      co.preprocess();
      var slices = co.partition(new PartitionRequest.Polygon(wkt));
      org.assertj.core.api.Assertions.assertThat(slices).hasSize(1);
      List<String> got = new ArrayList<>();
      try (var reader = io.dataplug.Slices.newRecordReader(slices.get(0), LasTile.class)) {
        while (reader.advance()) {
          for (TilePoints.Item i : TilePoints.items(reader.current(), header)) {
            got.add(i.key());
          }
        }
      }
      got.sort(null);
      want.sort(null);
      org.assertj.core.api.Assertions.assertThat(want)
          .as("%s: points in the triangle", t)
          .isNotEmpty();
      org.assertj.core.api.Assertions.assertThat(got)
          .as("%s: the polygon slice", t)
          .isEqualTo(want);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> co.partition(new PartitionRequest.Polygon("LINESTRING (0 0, 1 1)")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Not a polygon: LineString");
    }
  }
}
