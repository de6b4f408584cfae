package io.dataplug.formats.genomics.fastq;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import htsjdk.samtools.fastq.FastqRecord;
import io.dataplug.CloudObject;
import io.dataplug.format.RecordReader;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mate files from wgsim (R1 plain, R2 as gzip) cut in lockstep: every slice holds whole pairs. */
class PairedReadsTest {
  @TempDir Path dir;

  private static CloudObject fastq(Path file) {
    return CloudObject.builder(file.toString())
        .storeConfig(StoreConfig.defaults())
        .option("sample_reads", "64")
        .build();
  }

  @Test
  void slicesOfMatesHoldTheSamePairs() throws IOException {
    List<Path> mates = ExternalTools.wgsimPairs(dir, 5_000, 125);
    Path r2gz = dir.resolve("r2.fq.gz");
    sh(
        "seqtk seq -l 70 "
            + q(mates.get(1))
            + " | gzip -c > "
            + q(r2gz)); // a different layout and compression
    PairedReads pairs = PairedReads.of(fastq(mates.get(0)), fastq(r2gz));
    pairs.preprocess();
    for (int n : List.of(1, 3, 8, 50)) {
      List<ReadPairSlice> slices = pairs.partition(n);
      assertThat(slices).hasSize(n);
      long total = 0;
      for (ReadPairSlice s : slices) {
        try (RecordReader<FastqRecord[]> reader = s.newRecordReader()) {
          while (reader.advance()) {
            FastqRecord[] p = reader.current();
            String a = p[0].getReadName();
            String b = p[1].getReadName();
            assertThat(a).endsWith("/1");
            assertThat(b).isEqualTo(a.substring(0, a.length() - 2) + "/2");
            total++;
          }
        }
      }
      assertThat(total).isEqualTo(5_000);
    }
  }

  @Test
  void matesWithDifferentReadCountsAreRejected() throws IOException {
    List<Path> mates = ExternalTools.wgsimPairs(dir, 300, 100);
    Path shorter = dir.resolve("short.fq");
    sh("head -n 1196 " + q(mates.get(1)) + " > " + q(shorter));
    PairedReads pairs = PairedReads.of(fastq(mates.get(0)), fastq(shorter));
    assertThatThrownBy(pairs::preprocess)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has 300 reads")
        .hasMessageContaining("has 299");
    assertThatThrownBy(
            () ->
                PairedReads.of(
                    fastq(mates.get(0)),
                    CloudObject.builder(shorter.toString())
                        .storeConfig(StoreConfig.defaults())
                        .build()))
        .hasMessageContaining("Mate files must sample the same reads");
    assertThat(Files.exists(mates.get(0))).isTrue();
  }
}
