package io.dataplug.formats.geospatial.dem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.formats.geospatial.las.Fixtures;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.BytesReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The CRS of a LAS file as GeoTIFF keys. autzen_trim.las (header 227 bytes) has the GeoKeys VLR
 * first: its payload starts at 281, the key count at 287, the third key (1026 GTCitation, 38
 * characters of the 99-byte ASCII parameters) at 305. That GDAL reads the keys we write is checked
 * in {@link GeoTiffWriterTest}.
 */
class GeoKeysTest {
  private static GeoKeys of(byte[] las) throws Exception {
    BytesReader reader = BytesReader.of("crs.las", las);
    return GeoKeys.of(LasHeader.read(reader), reader).orElseThrow();
  }

  @Test
  void keysOfAutzenAreCopiedWithPixelIsArea() throws Exception {
    GeoKeys keys = of(BytesReader.bytes(Fixtures.path("las/autzen_trim.las")));
    assertThat(keys.keys()).hasSize(21);
    assertThat(keys.keys())
        .contains(new GeoKeys.Key(1025, 0, 1, 1), new GeoKeys.Key(1026, 34737, 38, 0));
    assertThat(keys.doubles()).hasSize(9).startsWith(41.75, -120.5, 43.0, 45.5);
    assertThat(keys.ascii()).startsWith("NAD_1983_HARN_Lambert_Conformal_Conic|").endsWith("||");
    assertThat(keys.linearUnit()).isEqualTo("ft");
    assertThat(keys.directory()).startsWith(1, 1, 0, 21, 1024, 0, 1, 1);
  }

  @Test
  void aFileWithoutCrsHasNone() throws Exception {
    BytesReader reader =
        BytesReader.of("plain.las", BytesReader.bytes(Fixtures.path("las/1.2-with-color.las")));
    assertThat(GeoKeys.of(LasHeader.read(reader), reader)).isEmpty();
  }

  @Test
  void malformedKeysNameTheObjectAndTheOffset() throws Exception {
    byte[] las = BytesReader.bytes(Fixtures.path("las/autzen_trim.las"));
    ByteBuffer b = ByteBuffer.wrap(las).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort(287, (short) 1000);
    assertThatThrownBy(() -> of(las))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed LAS data in mem://test/crs.las at byte 287: "
                + "1000 GeoKeys do not fit in 184 bytes of directory");
    b.putShort(287, (short) 21);
    b.putShort(309, (short) 500);
    assertThatThrownBy(() -> of(las))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed LAS data in mem://test/crs.las at byte 305: "
                + "GeoKey 1026 points at 500 values from 0 of tag 34737, which has 98");
    b.putShort(309, (short) 38);
    b.putShort(307, (short) 34999);
    assertThatThrownBy(() -> of(las))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(
            "Malformed LAS data in mem://test/crs.las at byte 305: "
                + "GeoKey 1026 points at 38 values from 0 of tag 34999, which the file does not have");
  }
}
