package io.dataplug.formats.geospatial.dem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.partition.PartitionRequest.TileGrid;
import io.dataplug.testing.ExternalTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our GeoTIFFs as GDAL reads them ({@code gdalinfo -json -stats} and {@code gdal_translate} to raw
 * floats, Debian package gdal-bin): size, geotransform, nodata, statistics, CRS and every pixel.
 * Skipped with a message where gdalinfo is not installed.
 */
class GeoTiffWriterTest {
  @TempDir Path dir;

  private static JsonNode gdalinfo(Path tif) throws IOException {
    ExternalTools.require("gdalinfo", "gdal-bin");
    // -stats keeps what it computed beside the file; a file written again must not reuse it
    Files.deleteIfExists(Path.of(tif + ".aux.xml"));
    return new ObjectMapper()
        .readTree(ExternalTools.sh("gdalinfo -json -stats " + ExternalTools.q(tif)));
  }

  /** The pixels as GDAL decodes them (raw little-endian Float32 through gdal_translate). */
  private float[] gdalPixels(Path tif, int n) throws IOException {
    Path raw = dir.resolve(tif.getFileName() + ".bin");
    ExternalTools.sh(
        "gdal_translate -q -of ENVI "
            + ExternalTools.q(tif)
            + " "
            + ExternalTools.q(raw)
            + " && test -s "
            + ExternalTools.q(raw));
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.remaining()).isEqualTo(4 * n);
    float[] out = new float[n];
    b.asFloatBuffer().get(out);
    return out;
  }

  /** Writes {@code grid} in every layout and checks each file as GDAL sees it. */
  private JsonNode assertGdalReads(ElevationGrid grid, @Nullable GeoKeys crs) throws IOException {
    JsonNode info = null;
    for (GeoTiffWriter.Layout layout : GeoTiffWriter.Layout.values()) {
      for (boolean deflate : new boolean[] {false, true}) {
        String what = layout + (deflate ? " deflated" : " plain");
        Path tif = dir.resolve(layout + "-" + deflate + ".tif");
        GeoTiffWriter.write(grid, crs, layout, deflate, tif);
        info = gdalinfo(tif);
        assertThat(info.get("driverShortName").asText()).isEqualTo("GTiff");
        assertThat(info.get("size").get(0).asInt()).as(what).isEqualTo(grid.width());
        assertThat(info.get("size").get(1).asInt()).as(what).isEqualTo(grid.height());
        JsonNode gt = info.get("geoTransform");
        assertThat(gt.get(0).asDouble()).as(what).isEqualTo(grid.west());
        assertThat(gt.get(1).asDouble()).isEqualTo(grid.cellSize());
        assertThat(gt.get(2).asDouble()).isZero();
        assertThat(gt.get(3).asDouble()).as(what).isEqualTo(grid.north());
        assertThat(gt.get(4).asDouble()).isZero();
        assertThat(gt.get(5).asDouble()).isEqualTo(-grid.cellSize());
        JsonNode band = info.get("bands").get(0);
        assertThat(band.get("type").asText()).isEqualTo("Float32");
        assertThat(band.get("noDataValue").asDouble()).isEqualTo(-9999.0);
        // gdalinfo prints the statistics to 3 decimals (the pixels are compared exactly below)
        assertThat(band.get("minimum").asDouble()).as(what).isCloseTo(grid.min(), within(5e-4));
        assertThat(band.get("maximum").asDouble()).as(what).isCloseTo(grid.max(), within(5e-4));
        double valid = 100.0 * grid.cellsWithValue() / grid.values().length;
        assertThat(band.get("metadata").get("").get("STATISTICS_VALID_PERCENT").asDouble())
            .as(what)
            .isCloseTo(valid, within(0.01));
        assertThat(info.at("/metadata/IMAGE_STRUCTURE/COMPRESSION").asText())
            .isEqualTo(deflate ? "DEFLATE" : "");
        if (layout == GeoTiffWriter.Layout.TILES) {
          assertThat(band.get("block").get(0).asInt()).isEqualTo(256);
          assertThat(band.get("block").get(1).asInt()).isEqualTo(256);
        } else {
          assertThat(band.get("block").get(0).asInt()).isEqualTo(grid.width());
        }
        float[] pixels = gdalPixels(tif, grid.values().length);
        float[] want = grid.values().clone();
        for (int i = 0; i < want.length; i++) {
          want[i] = Float.isNaN(want[i]) ? GeoTiffWriter.NODATA : want[i];
        }
        assertThat(pixels).as("%s: every pixel", what).isEqualTo(want);
      }
    }
    return info;
  }

  @Test
  void gdalReadsTheAutzenModelWithItsProjectedCrs() throws Exception {
    String fixture = "laz/autzen_trim.laz";
    DemJob job = Dems.job(fixture, TileGrid.of(1), Map.of("cell-size", "2"));
    ElevationGrid grid = Dems.dem(fixture, TileGrid.of(1), Map.of("cell-size", "2"));
    GeoKeys crs = crs(job);
    assertThat(crs).as("autzen has GeoKeys").isNotNull();
    JsonNode info = assertGdalReads(grid, crs);
    // the file's keys: a user-defined Lambert conformal conic on NAD83(HARN), in feet
    String wkt = info.at("/coordinateSystem/wkt").asText();
    assertThat(wkt).startsWith("PROJCRS[").contains("Lambert Conic Conformal", "foot");
    assertThat(crs.linearUnit()).isEqualTo("ft");

    // the job's own writer: the same, tiled and deflated
    Path out = dir.resolve("autzen.tif");
    assertThat(job.write(grid, out)).isTrue();
    JsonNode written = gdalinfo(out);
    assertThat(written.at("/coordinateSystem/wkt").asText()).isEqualTo(wkt);
    assertThat(written.at("/metadata/IMAGE_STRUCTURE/COMPRESSION").asText()).isEqualTo("DEFLATE");
  }

  @Test
  void gdalReadsTheCrsOfAWktOnlyFileAndNoneWhereTheFileHasNone() throws Exception {
    // test1_4.las has only the WKT record 2112: NAD83(HARN) / New Mexico Central (ftUS)
    String wktFixture = "las/test1_4.las";
    DemJob job = Dems.job(wktFixture, TileGrid.of(1), Map.of());
    ElevationGrid grid = Dems.dem(wktFixture, TileGrid.of(1), Map.of());
    JsonNode info = assertGdalReads(grid, crs(job));
    // (GDAL wraps it in a BOUNDCRS for the WKT's TOWGS84 clause)
    assertThat(info.at("/coordinateSystem/wkt").asText())
        .contains("PROJCRS[\"NAD83(HARN) / New Mexico Central (ftUS)\"");

    String plain = "las/1.2-with-color.las";
    DemJob none = Dems.job(plain, TileGrid.of(1), Map.of());
    assertThat(crs(none)).isNull();
    JsonNode noCrs =
        assertGdalReads(Dems.dem(plain, TileGrid.of(1), Map.of("cell-size", "10")), null);
    assertThat(noCrs.has("coordinateSystem")).isFalse();
  }

  @Test
  void gdalReadsEveryPixelOfARandomGridAcrossTileEdges() throws IOException {
    // 300 × 270 half-unit cells south-west of the origin: partial tiles on both edges
    Random random = new Random(1);
    float[] values = new float[300 * 270];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(10) == 0 ? Float.NaN : (float) (random.nextGaussian() * 100);
    }
    ElevationGrid grid = new ElevationGrid(0.5, -310, -280, 300, 270, values);
    JsonNode info = assertGdalReads(grid, null);
    assertThat(info.get("geoTransform").get(0).asDouble()).isEqualTo(-155.0);
    assertThat(info.get("geoTransform").get(3).asDouble()).isEqualTo(-5.0);
  }

  private static @Nullable GeoKeys crs(DemJob job) {
    return job.settings().crs();
  }
}
