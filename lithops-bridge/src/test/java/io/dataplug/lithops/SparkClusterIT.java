package io.dataplug.lithops;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.ExternalTools;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark backend on a real standalone cluster ({@link SparkTestCluster}), with the driver in
 * this JVM: the same FASTQ.gz counts as on localhost.
 */
class SparkClusterIT {
  @TempDir Path dir;

  @Test
  void countsOnAStandaloneCluster() throws Exception {
    try (SparkTestCluster cluster = SparkTestCluster.start(dir, 2, Map.of())) {
      Path fq = ExternalTools.wgsimPairs(dir, 5_000, 150).get(0);
      CloudObject co =
          CloudObject.builder(fq.toString()).storeConfig(StoreConfig.defaults()).build();
      co.preprocess();
      List<DataSlice> slices = co.partition("slices", 4);
      List<Map<String, Long>> local = SparkBackendTest.count("localhost", slices);

      // the executors find this project's classes on their extra class path
      Map<String, String> settings =
          Map.of(
              "dataplug.spark.master", cluster.masterUrl(),
              "spark.executor.extraClassPath",
                  String.join(File.pathSeparator, SparkTestCluster.projectClassPath()),
              "spark.executor.memory", "512m",
              "spark.driver.host", "127.0.0.1",
              "spark.ui.enabled", "false");
      settings.forEach(System::setProperty);
      try {
        assertThat(SparkBackendTest.count("spark", slices)).isEqualTo(local);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n--- cluster logs ---\n" + cluster.logs(), e);
      } finally {
        settings.keySet().forEach(System::clearProperty);
      }
      assertThat(local.stream().mapToLong(m -> m.get("records")).sum()).isEqualTo(5_000);
    }
  }
}
