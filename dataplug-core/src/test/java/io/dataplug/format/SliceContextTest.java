package io.dataplug.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.slice.DataSlice;
import io.dataplug.slice.ObjectRef;
import io.dataplug.slice.SliceHint;
import io.dataplug.slice.SliceRange;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a slice's scattered ranges of two objects through its context. */
class SliceContextTest {
  @TempDir Path dir;

  record NoHint() implements SliceHint {}

  @Test
  void adjacentRangesAreOneRequestAndEveryByteIsCountedOnce() throws IOException {
    byte[] primary = new byte[10_000];
    byte[] companion = new byte[5_000];
    Random random = new Random(1);
    random.nextBytes(primary);
    random.nextBytes(companion);
    Path p = dir.resolve("run.main");
    Path c = dir.resolve("run.data");
    Files.write(p, primary);
    Files.write(c, companion);
    ObjectLocation pl = ObjectLocation.ofPath(p);
    ObjectLocation cl = ObjectLocation.ofPath(c);
    var stores = ObjectStores.resolver(StoreConfig.defaults());
    DataSlice slice =
        new DataSlice(
            new ObjectRef(pl.toString(), stores.storeFor(pl).metadata(pl).etag()),
            List.of(new ObjectRef(cl.toString(), stores.storeFor(cl).metadata(cl).etag())),
            "test",
            0,
            1,
            List.of(
                new SliceRange(0, 100, 50),
                new SliceRange(0, 150, 50), // touches the previous: coalesced
                new SliceRange(0, 9_000, 10),
                new SliceRange(1, 0, 0), // empty: never fetched
                new SliceRange(1, 4_000, 1_000)),
            new NoHint(),
            StoreConfig.defaults());
    try (IoStats.TaskScope scope = IoStats.beginTask();
        SliceContext context = SliceContext.of(slice, stores)) {
      byte[] got;
      try (InputStream in = context.openRanges()) {
        got = in.readAllBytes();
      }
      byte[] want = new byte[110];
      System.arraycopy(primary, 100, want, 0, 100);
      System.arraycopy(primary, 9_000, want, 100, 10);
      assertThat(got).isEqualTo(want);
      try (InputStream in = context.openRanges(1)) {
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(companion, 4_000, 5_000));
      }
      assertThat(context.reader(1).readFully(new ByteRange(10, 5)))
          .isEqualTo(Arrays.copyOfRange(companion, 10, 15));
      assertThat(context.reader().readTail(3))
          .isEqualTo(Arrays.copyOfRange(primary, 9_997, 10_000));
      // 2 runs of the primary + 1 of the companion + 1 positional read + 1 tail read
      assertThat(context.stats().requests()).isEqualTo(5);
      assertThat(context.stats().bytes()).isEqualTo(110 + 1_000 + 5 + 3);
      assertThat(scope.stats().requests()).isEqualTo(5);
      assertThat(scope.stats().bytes()).isEqualTo(context.stats().bytes());
    }
  }

  @Test
  void coalescingMergesOnlyTouchingRanges() {
    assertThat(
            SliceContext.coalesce(
                List.of(
                    new ByteRange(0, 10),
                    new ByteRange(10, 5),
                    new ByteRange(16, 4),
                    new ByteRange(20, 0),
                    new ByteRange(20, 1))))
        .containsExactly(new ByteRange(0, 15), new ByteRange(16, 5));
  }
}
