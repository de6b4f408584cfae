package io.dataplug.slice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.storage.StoreConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one JSON form of slices: round trips, the schema version, and clear errors. */
class SliceJsonTest {
  /** A hint of the kind formats write: primitives, strings and a nested record. */
  record Inner(long at, String name) {}

  record TestHint(long first, double minX, boolean flag, String text, Inner inner)
      implements SliceHint {}

  private static final DataSlice SLICE =
      new DataSlice(
          new ObjectRef("s3://bucket/run.imzML", "etag-1"),
          List.of(new ObjectRef("s3://bucket/run.ibd", "etag-2")),
          "test",
          3,
          8,
          List.of(
              new SliceRange(0, 0, 100), new SliceRange(1, 4096, 512), new SliceRange(1, 8192, 0)),
          new TestHint(7, -1.5, true, "αβγ \"quoted\"", new Inner(42, "x")),
          new StoreConfig("http://127.0.0.1:9000", "eu-west-1", true, 4));

  @Test
  void companionsScatteredRangesAndNestedHintsRoundTrip() {
    String json = SliceJson.encode(SLICE);
    assertThat(json).startsWith("{\"v\":1,").contains("[4096,512,1]").contains("[0,100]");
    assertThat(json.length()).isLessThan(1024);
    assertThat(SliceJson.decode(json, id -> TestHint.class)).isEqualTo(SLICE);
  }

  @Test
  void anotherVersionIsRefused() {
    String json = SliceJson.encode(SLICE).replace("{\"v\":1,", "{\"v\":2,");
    assertThatThrownBy(() -> SliceJson.decode(json, id -> TestHint.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unsupported slice JSON version: 2 (this version reads 1)");
  }

  @Test
  void brokenSlicesAreClearErrors() {
    assertThatThrownBy(() -> SliceJson.decode("[1,2]", id -> TestHint.class))
        .hasMessage("Not a valid slice JSON: not an object");
    assertThatThrownBy(() -> SliceJson.decode("{\"v\":1}", id -> TestHint.class))
        .hasMessage("Slice JSON has no 'format'");
    String badRange = SliceJson.encode(SLICE).replace("[0,100]", "[0]");
    assertThatThrownBy(() -> SliceJson.decode(badRange, id -> TestHint.class))
        .hasMessage("Not a valid slice JSON: bad range [0]");
    String negative = SliceJson.encode(SLICE).replace("[0,100]", "[-5,100]");
    assertThatThrownBy(() -> SliceJson.decode(negative, id -> TestHint.class))
        .hasMessage("offset is negative: -5");
    String noCompanion = SliceJson.encode(SLICE).replace("[4096,512,1]", "[4096,512,2]");
    assertThatThrownBy(() -> SliceJson.decode(noCompanion, id -> TestHint.class))
        .hasMessageContaining("names object 2, but the slice has 1 companions");
    assertThatThrownBy(() -> SliceJson.decode("{not json", id -> TestHint.class))
        .hasMessageStartingWith("Not a valid slice JSON: ");
  }
}
