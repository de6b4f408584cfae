package io.dataplug.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.testing.ObjectPlace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random damage to a real index: truncations, flipped bits, inserted and overwritten bytes of the
 * manifest and of the blobs that are read whole. Whatever the damage, reading the index either
 * gives the right answer (19808 lines, as for an intact index) or fails with {@link
 * DamagedIndexException}; nothing else comes out, nothing hangs. (The gzip windows blob is read in
 * parts by the slices and is not covered by a whole-blob checksum; see {@link
 * IndexRecoverySuite#entryPastTheEndOfABlobIsADamagedIndex()} for what a short one gives.)
 */
class IndexFuzzTest {
  private static final int CASES = 400;

  @TempDir Path dir;

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void randomDamageGivesTheRightAnswerOrADamagedIndex() throws IOException {
    CloudObject co = IndexRecoverySuite.fixture(ObjectPlace.local(dir), "fuzz/reads.fastq.gz");
    Manifest built = co.preprocess();
    Path sidecar = dir.resolve("fuzz").resolve("reads.fastq.gz.dataplug");
    Map<Path, byte[]> originals = new LinkedHashMap<>();
    originals.put(sidecar.resolve(IndexStore.MANIFEST), null);
    originals.put(sidecar.resolve(built.blobs().get("gzip").name()), null);
    originals.put(sidecar.resolve(built.blobs().get("boundaries").name()), null);
    for (Path p : originals.keySet()) {
      originals.put(p, Files.readAllBytes(p));
    }
    Path[] targets = originals.keySet().toArray(new Path[0]);
    Random random = new Random(1);
    int damaged = 0;
    int intact = 0;
    for (int i = 0; i < CASES; i++) {
      Path target = targets[random.nextInt(targets.length)];
      byte[] good = originals.get(target);
      byte[] bad = mutate(good, random);
      Files.write(target, bad);
      try {
        long lines = IndexRecoverySuite.lines(co, 1 + random.nextInt(8));
        assertThat(lines)
            .as("case %s: %s", i, target.getFileName())
            .isEqualTo(IndexRecoverySuite.LINES);
        // bytes after a blob's recorded size are never read, so appending to a blob is harmless
        assertThat(target.getFileName().toString()).isNotEqualTo(IndexStore.MANIFEST);
        assertThat(Arrays.copyOf(bad, Math.min(bad.length, good.length)))
            .as("case %s: only a blob with bytes added after its end reads as intact", i)
            .isEqualTo(good);
        intact++;
      } catch (DamagedIndexException e) {
        assertThat(e.getMessage()).startsWith("Damaged index file:").doesNotContain("\n");
        damaged++;
      } catch (Exception e) {
        throw new AssertionError(
            "case " + i + " (" + target.getFileName() + "): not a DamagedIndexException", e);
      } finally {
        Files.write(target, good);
      }
    }
    assertThat(damaged).as("cases found damaged").isGreaterThan(CASES / 2);
    assertThat(damaged + intact).isEqualTo(CASES);
  }

  /** One random kind of damage: cut, flipped bits, inserted bytes or a random overwrite. */
  static byte[] mutate(byte[] good, Random random) {
    byte[] bad;
    switch (random.nextInt(5)) {
      case 0 -> bad = Arrays.copyOf(good, random.nextInt(good.length)); // truncated
      case 1 -> {
        bad = good.clone();
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          bad[random.nextInt(bad.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> {
        int at = random.nextInt(good.length + 1);
        byte[] extra = new byte[1 + random.nextInt(16)];
        random.nextBytes(extra);
        bad = new byte[good.length + extra.length];
        System.arraycopy(good, 0, bad, 0, at);
        System.arraycopy(extra, 0, bad, at, extra.length);
        System.arraycopy(good, at, bad, at + extra.length, good.length - at);
      }
      case 3 -> {
        bad = good.clone();
        int at = random.nextInt(bad.length);
        int n = Math.min(bad.length - at, 1 + random.nextInt(32));
        byte[] noise = new byte[n];
        random.nextBytes(noise);
        System.arraycopy(noise, 0, bad, at, n);
      }
      default -> {
        bad = new byte[random.nextInt(2 * good.length + 1)];
        random.nextBytes(bad);
      }
    }
    return bad;
  }
}
