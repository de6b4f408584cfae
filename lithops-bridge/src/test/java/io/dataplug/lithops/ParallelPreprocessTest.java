package io.dataplug.lithops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.index.Manifest;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.PartitionContract;
import io.dataplug.testing.SharedTestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Preprocessing as a map + reduce on the executor: chunks scanned in parallel, combined into an
 * index that keeps the partition contract. Expected lines from the JDK's line reading and GNU grep's
 * count in GROUND_TRUTH.md.
 */
class ParallelPreprocessTest {
  @TempDir Path dir;

  private static CloudObject object(Path file, String format) {
    return CloudObject.builder(file.toString()).format(format).storeConfig(StoreConfig.defaults()).build();
  }

  @Test
  void textIndexedInChunksKeepsTheContract() throws IOException {
    Random random = new Random(1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 40_000; i++) {
      sb.append("x".repeat(random.nextInt(90))).append(i % 11 == 0 ? "\r\n" : "\n");
    }
    sb.append("no final newline");
    Path file = dir.resolve("lines.txt");
    Files.writeString(file, sb);
    List<String> lines = Files.readAllLines(file); // the JDK's reading of the lines
    for (String backend : List.of("localhost", "process")) {
      for (int chunks : List.of(2, 3, 7)) {
        CloudObject co = object(file, "text");
        Manifest m;
        try (FunctionExecutor executor = FunctionExecutor.builder().backend(backend).workers(2)
            .progress(FunctionExecutor.Progress.NEVER).build()) {
          m = executor.preprocess(co, true, chunks);
        }
        assertThat(m.attributes()).containsEntry("index_pass", "parallel, " + chunks + " chunks")
            .containsEntry("records", Integer.toString(lines.size()));
        PartitionContract.of(co, lines).check(Files.readAllBytes(file), List.of(1, 2, 5, 13));
      }
    }
  }

  @Test
  void vcfHeaderStaysInTheFirstChunk() throws IOException {
    // GROUND_TRUTH.md: 9965 records, 35 ## lines + the #CHROM line
    Path vcf = SharedTestData.file("vcf/HiSeq.10000.vcf");
    Path copy = dir.resolve("calls.vcf");
    Files.copy(vcf, copy);
    List<String> records = new ArrayList<>();
    for (String line : Files.readAllLines(copy, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#")) {
        records.add(line);
      }
    }
    assertThat(records).hasSize(9965);
    CloudObject co = object(copy, "vcf");
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      Manifest m = executor.preprocess(co, true, 5);
      assertThat(m.attributes()).containsEntry("index_pass", "parallel, 5 chunks").containsEntry("records", "9965");
      assertThat(m.attributes().get("header").lines().count()).isEqualTo(36);
    }
    PartitionContract.of(co, records).check(Files.readAllBytes(copy), List.of(1, 3, 8));
  }
}
