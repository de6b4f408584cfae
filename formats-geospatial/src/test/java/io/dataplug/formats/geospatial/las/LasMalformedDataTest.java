package io.dataplug.formats.geospatial.las;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.storage.MalformedDataException;
import io.dataplug.testing.BytesReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad LAS headers: each a {@link MalformedDataException} naming the object and the offset. */
@Timeout(30)
class LasMalformedDataTest {

  /** The fixture's bytes, changed in place by {@code edit} (little-endian). */
  static byte[] patched(String file, Consumer<ByteBuffer> edit) throws Exception {
    byte[] data = BytesReader.bytes(Fixtures.path(file));
    edit.accept(ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN));
    return data;
  }

  static void assertHeaderFails(String name, byte[] data, String message) {
    assertThatThrownBy(() -> LasHeader.read(BytesReader.of(name, data)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessage(message);
  }

  @Test
  void objectShorterThanAHeaderIsTruncated() throws Exception {
    byte[] data = Arrays.copyOf(BytesReader.bytes(Fixtures.path("las/autzen_trim.las")), 100);
    assertHeaderFails(
        "short.las",
        data,
        "Malformed LAS data in mem://test/short.las at byte 100: the object ends after 100 bytes,"
            + " before the end of a LAS public header (227 bytes)");
  }

  @Test
  void truncatedFileCannotHoldItsPoints() throws Exception {
    byte[] data = Arrays.copyOf(BytesReader.bytes(Fixtures.path("las/autzen_trim.las")), 1_000_000);
    assertHeaderFails(
        "cut.las",
        data,
        "Malformed LAS data in mem://test/cut.las at byte 107: point count 110000 of 34-byte"
            + " records needs more than the 997962 bytes from the point data at byte 2038 to the"
            + " end of the object");
  }

  @Test
  void pointCountLargerThanTheFile() throws Exception {
    byte[] data = patched("las/autzen_trim.las", b -> b.putInt(107, 110001));
    assertHeaderFails(
        "count.las",
        data,
        "Malformed LAS data in mem://test/count.las at byte 107: point count 110001 of 34-byte"
            + " records needs more than the 3740000 bytes from the point data at byte 2038 to the"
            + " end of the object");
  }

  @Test
  void vlrLengthPastTheEnd() throws Exception {
    byte[] data = patched("las/no-points.las", b -> b.putShort(227 + 20, (short) 0xFFFF));
    assertHeaderFails(
        "vlr.las",
        data,
        "Malformed LAS data in mem://test/vlr.las at byte 247: VLR 0 of 4 ('LASF_Projection'/34735)"
            + " has length 65535 and would end at byte 65816, past the end of the object (859"
            + " bytes)");
  }

  @Test
  void vlrLengthPastThePointData() throws Exception {
    byte[] data = patched("las/autzen_trim.las", b -> b.putShort(227 + 20, (short) 2000));
    assertHeaderFails(
        "vlr2.las",
        data,
        "Malformed LAS data in mem://test/vlr2.las at byte 247: VLR 0 of 5"
            + " ('LASF_Projection'/34735) has length 2000 and would end at byte 2281, past the"
            + " start of point data at byte 2038");
  }

  @Test
  void vlrCountLargerThanTheSpaceBeforeThePoints() throws Exception {
    byte[] data = patched("las/no-points.las", b -> b.putInt(100, -1));
    assertHeaderFails(
        "vlrs.las",
        data,
        "Malformed LAS data in mem://test/vlrs.las at byte 859: VLR 4 of 4294967295: its 54-byte"
            + " header would end at byte 913, past the start of point data at byte 859");
  }

  @Test
  void recordLengthSmallerThanTheFormatNeeds() throws Exception {
    byte[] data = patched("las/test1_4.las", b -> b.putShort(105, (short) 29));
    assertHeaderFails(
        "short-record.las",
        data,
        "Malformed LAS data in mem://test/short-record.las at byte 105: point record length 29 is"
            + " smaller than the 30 bytes point format 6 needs");
  }

  @Test
  void unknownPointFormat() throws Exception {
    byte[] data = patched("las/1.2-with-color.las", b -> b.put(104, (byte) 11));
    assertHeaderFails(
        "format.las",
        data,
        "Malformed LAS data in mem://test/format.las at byte 104: unknown point data record format"
            + " 11 (raw byte 11)");
  }

  @Test
  void compressionBitWithoutLaszipVlr() throws Exception {
    byte[] data = patched("las/1.2-with-color.las", b -> b.put(104, (byte) 0x83));
    assertHeaderFails(
        "bit.las",
        data,
        "Malformed LAS data in mem://test/bit.las at byte 104: point format byte 131 marks"
            + " compressed points, but there is no laszip VLR");
  }

  @Test
  void offsetToPointDataPastTheEnd() throws Exception {
    byte[] data = patched("las/no-points.las", b -> b.putInt(96, 860));
    assertHeaderFails(
        "offset.las",
        data,
        "Malformed LAS data in mem://test/offset.las at byte 96: offset to point data 860 is past"
            + " the end of the object (859 bytes)");
  }

  @Test
  void notALasFile() throws Exception {
    byte[] data = patched("las/no-points.las", b -> b.put(0, (byte) 'X'));
    assertHeaderFails(
        "x.las",
        data,
        "Malformed LAS data in mem://test/x.las at byte 0: the signature is 'XASF', not 'LASF'");
  }

  @Test
  void differingPointCounts() throws Exception {
    byte[] data = patched("las/test1_4.las", b -> b.putLong(247, 999));
    assertHeaderFails(
        "counts.las",
        data,
        "Malformed LAS data in mem://test/counts.las at byte 247: the 64-bit point count 999"
            + " differs from the legacy point count 1000 at byte 107");
  }
}
