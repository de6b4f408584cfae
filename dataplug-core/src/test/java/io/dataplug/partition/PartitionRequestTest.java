package io.dataplug.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.partition.PartitionRequest.Buffered;
import io.dataplug.partition.PartitionRequest.Kind;
import io.dataplug.partition.PartitionRequest.Level;
import io.dataplug.partition.PartitionRequest.Resolution;
import io.dataplug.partition.PartitionRequest.Slices;
import io.dataplug.partition.PartitionRequest.TileGrid;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class PartitionRequestTest {
  @Test
  void levelAndResolutionWrapAnAreaAndNeedItsKinds() {
    assertThat(new Level(2)).isEqualTo(new Level(2, new Slices(1)));
    assertThat(new Level(2).kinds()).containsExactlyInAnyOrder(Kind.LEVEL, Kind.SLICES);
    assertThat(new Resolution(0.5, TileGrid.of(4)).kinds())
        .containsExactlyInAnyOrder(Kind.RESOLUTION, Kind.TILES);
    Buffered buffered = new Buffered(new Level(1, TileGrid.of(9)), 5);
    assertThat(buffered.kind()).isEqualTo(Kind.BUFFER);
    assertThat(buffered.kinds()).containsExactlyInAnyOrder(Kind.BUFFER, Kind.LEVEL, Kind.TILES);
    assertThat(new Level(1, new Buffered(TileGrid.of(4), 2)).kinds())
        .containsExactlyInAnyOrder(Kind.LEVEL, Kind.BUFFER, Kind.TILES);
  }

  @Test
  void ofKeepsTakingOneNumber() {
    assertThat(PartitionRequest.of("level", 3)).isEqualTo(new Level(3));
    assertThat(PartitionRequest.of("resolution", 0.25)).isEqualTo(new Resolution(0.25));
    assertThatThrownBy(() -> PartitionRequest.of("level", 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level must be a whole number in 0..64: 1.5");
  }

  @Test
  void depthIsLimitedOnceAndBufferedOnce() {
    assertThatThrownBy(() -> new Level(1, new Resolution(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "an octree depth cannot be limited twice: Resolution[spacing=2.0, area=Slices[count=1]]");
    assertThatThrownBy(() -> new Buffered(new Level(1, new Buffered(TileGrid.of(4), 1)), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a buffer cannot be buffered again");
    assertThatThrownBy(() -> new Level(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("level is negative: -1");
    assertThatThrownBy(() -> new Resolution(0, TileGrid.of(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("resolution must be positive: 0.0");
  }

  @Test
  void nestedRequestsSurviveJavaSerialization() throws Exception {
    PartitionRequest request = new Buffered(new Resolution(0.5, new TileGrid(3, 2)), 10);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(request);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(request);
    }
  }
}
