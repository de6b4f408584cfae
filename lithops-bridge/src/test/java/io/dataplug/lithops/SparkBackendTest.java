package io.dataplug.lithops;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark backend in local[2]: the same FASTQ.gz counts as localhost and process, and seqtk's.
 */
class SparkBackendTest {
  @TempDir Path dir;

  static List<Map<String, Long>> count(String backend, List<DataSlice> slices) {
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend(backend)
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      return executor.getResult(executor.map(Slices::summarize, slices));
    }
  }

  @Test
  void sameCountsOnEveryBackend() throws IOException {
    Path fq = ExternalTools.wgsimPairs(dir, 10_000, 150).get(0);
    ExternalTools.require("seqtk", "seqtk");
    String[] truth =
        sh("seqtk comp " + q(fq) + " | awk '{n++; b+=$2} END {print n, b}'").strip().split(" ");
    Path gz = dir.resolve("r1.fq.gz");
    sh("gzip -c " + q(fq) + " > " + q(gz));
    CloudObject co =
        CloudObject.builder(gz.toString())
            .storeConfig(StoreConfig.defaults())
            .option("spacing", "262144")
            .build();
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 6);
    List<Map<String, Long>> local = count("localhost", slices);
    assertThat(count("spark", slices)).isEqualTo(local);
    assertThat(count("process", slices)).isEqualTo(local);
    assertThat(local.stream().mapToLong(m -> m.get("records")).sum())
        .isEqualTo(Long.parseLong(truth[0]));
    assertThat(local.stream().mapToLong(m -> m.get("bases")).sum())
        .isEqualTo(Long.parseLong(truth[1]));

    // preprocessing as a map + reduce on Spark: the plain FASTQ in two passes (reads per chunk,
    // then samples)
    CloudObject plain =
        CloudObject.builder(fq.toString()).storeConfig(StoreConfig.defaults()).build();
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("spark")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      executor.preprocess(plain, PreprocessOptions.force(), 4);
      assertThat(plain.attributes())
          .containsEntry("index_pass", "parallel, 4 chunks")
          .containsEntry("records", truth[0]);
    }
  }

  @Test
  void failuresAndRetriesWorkOnSpark() {
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("spark")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      assertThatThrownBy(
              () ->
                  executor.getResult(
                      executor.map(
                          (Integer x) -> {
                            if (x == 2) {
                              throw new IllegalStateException("bad " + x);
                            }
                            return x;
                          },
                          List.of(1, 2, 3))))
          .isInstanceOf(JobFailedException.class)
          .hasMessage(
              "1 of 3 tasks failed:\n  Task 1 (2) failed: java.lang.IllegalStateException: bad 2");
    }
  }
}
