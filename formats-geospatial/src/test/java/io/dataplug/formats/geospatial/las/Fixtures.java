package io.dataplug.formats.geospatial.las;

import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.local.LocalObjectStore;
import io.dataplug.testing.SharedTestData;
import java.nio.file.Path;
import java.util.List;

/**
 * The LAS, LAZ and COPC files of the shared test data with their ground truth (GROUND_TRUTH.md:
 * copc.js / laszip4j, third-party tools).
 */
public final class Fixtures {
  private Fixtures() {}

  /**
   * One file's ground truth.
   *
   * @param min header/decoded minimum x, y, z (3 decimals); null when the file has no points
   */
  public record Truth(
      String file,
      long bytes,
      int versionMinor,
      int format,
      int rawFormat,
      int recordLength,
      long points,
      long pointData,
      int vlrs,
      int evlrs,
      double[] min,
      double[] max,
      String generator) {
    @Override
    public String toString() {
      return file;
    }
  }

  private static final double[] COLOR_MIN = {635619.850, 848899.700, 406.590};
  private static final double[] COLOR_MAX = {638982.550, 853535.430, 586.380};
  private static final double[] AUTZEN_MIN = {636001.760, 848935.200, 406.260};
  private static final double[] AUTZEN_MAX = {637179.220, 849497.900, 520.510};

  public static final List<Truth> LAS =
      List.of(
          new Truth(
              "las/1.2-with-color.las",
              36439,
              2,
              3,
              3,
              34,
              1065,
              229,
              0,
              0,
              COLOR_MIN,
              COLOR_MAX,
              "TerraScan"),
          new Truth(
              "las/autzen_trim.las",
              3742038,
              2,
              3,
              3,
              34,
              110000,
              2038,
              5,
              0,
              AUTZEN_MIN,
              AUTZEN_MAX,
              "PDAL 1.0.0 (9e8465)"),
          new Truth(
              "las/no-points.las",
              859,
              2,
              3,
              3,
              34,
              0,
              859,
              4,
              0,
              new double[0],
              new double[0],
              "PDAL 0.1.0"),
          new Truth(
              "las/test1_4.las",
              32305,
              4,
              6,
              6,
              30,
              1000,
              2305,
              2,
              0,
              new double[] {1694038.446, 1816492.706, 5592.750},
              new double[] {1694539.677, 1816497.976, 5599.070},
              "Global Mapper"));

  public static final List<Truth> LAZ =
      List.of(
          new Truth(
              "laz/autzen_trim.laz",
              603353,
              2,
              3,
              131,
              34,
              110000,
              2144,
              6,
              0,
              AUTZEN_MIN,
              AUTZEN_MAX,
              "PDAL 1.0.0 (9e8465)"),
          new Truth(
              "laz/simple.laz",
              18217,
              2,
              3,
              131,
              34,
              1065,
              333,
              1,
              0,
              COLOR_MIN,
              COLOR_MAX,
              "las2las (version 221128)"));

  public static final List<Truth> COPC =
      List.of(
          new Truth(
              "copc/1.2-with-color.copc.laz",
              33684,
              4,
              7,
              135,
              36,
              1065,
              1709,
              3,
              1,
              COLOR_MIN,
              COLOR_MAX,
              ""),
          new Truth(
              "copc/lone-star.copc.laz",
              2705193,
              4,
              6,
              134,
              30,
              518862,
              1260,
              4,
              1,
              new double[] {515368.602, 4918340.364, 2322.896},
              new double[] {515401.043, 4918381.124, 2338.575},
              ""));

  /** The file, or the test is skipped with a message when the shared test data is absent. */
  public static Path path(String relative) {
    return SharedTestData.file(relative);
  }

  /** A reader through the local object store. */
  public static RangeReader reader(String relative) {
    return new LocalObjectStore().newReader(ObjectLocation.ofPath(path(relative)), null);
  }
}
