package io.dataplug.lithops;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.FaultProxy;
import io.dataplug.testing.FaultProxy.Fault;
import io.dataplug.testing.S3TestServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A FASTQ.gz job read through a fault-injecting proxy in front of the embedded S3 server: 503
 * SlowDown, connections reset mid-body, bodies cut short and slow responses. The job still gives
 * the reads and bases seqtk counts, and the stats show the retries: the S3 client's, and the
 * reader's resumes of cut bodies, so that no call has to be run again.
 */
class FaultInjectionIT {
  @TempDir Path dir;

  @Test
  void jobsFinishCorrectlyThroughFaults() throws IOException {
    Path fq = ExternalTools.wgsimPairs(dir, 20_000, 150).get(0);
    ExternalTools.require("seqtk", "seqtk");
    String[] truth =
        sh("seqtk comp " + q(fq) + " | awk '{n++; b+=$2} END {print n, b}'").strip().split(" ");
    Path gz = dir.resolve("reads.fq.gz");
    sh("gzip -c " + q(fq) + " > " + q(gz));

    String bucket = S3TestServer.newBucket("faults");
    ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/reads.fq.gz");
    S3TestServer.store().put(location, gz);

    AtomicBoolean faulty = new AtomicBoolean(false);
    AtomicInteger gets = new AtomicInteger();
    Fault[] cycle = {Fault.SLOW_DOWN_503, Fault.RESET_MID_BODY, Fault.TRUNCATED_BODY, Fault.SLOW};
    try (FaultProxy proxy =
        new FaultProxy(
            S3TestServer.port(),
            (n, line) -> {
              if (!faulty.get() || !line.startsWith("GET ")) {
                return Fault.NONE;
              }
              int k = gets.incrementAndGet();
              return k % 2 == 1 && k < 40 ? cycle[(k / 2) % cycle.length] : Fault.NONE;
            })) {
      StoreConfig viaProxy = new StoreConfig(proxy.endpoint(), "us-east-1", true, 4);
      CloudObject co =
          CloudObject.builder(location).storeConfig(viaProxy).option("spacing", "262144").build();
      co.preprocess();
      List<DataSlice> slices = co.partition("slices", 8);
      faulty.set(true);
      long reads = 0;
      long bases = 0;
      long attempts = 0;
      long storageRetries = 0;
      try (FunctionExecutor executor =
          FunctionExecutor.builder()
              .backend("localhost")
              .workers(2)
              .progress(FunctionExecutor.Progress.NEVER)
              .retries(new RetryPolicy(6, Duration.ofMillis(10), Duration.ofMillis(200)))
              .build()) {
        List<ResponseFuture<Map<String, Long>>> futures = executor.map(Slices::summarize, slices);
        for (Map<String, Long> m : executor.getResult(futures)) {
          reads += m.get("records");
          bases += m.get("bases");
        }
        for (ResponseFuture<?> f : futures) {
          attempts += f.stats().attempts();
          storageRetries += f.stats().storageRetries();
        }
        System.out.print(Timeline.summary(futures));
      }
      assertThat(reads).isEqualTo(Long.parseLong(truth[0]));
      assertThat(bases).isEqualTo(Long.parseLong(truth[1]));
      for (Fault f : cycle) {
        assertThat(proxy.injected(f)).as("%s injected", f).isPositive();
      }
      // a cut only matters if the slice reads past it: resumes are at most the cuts
      assertThat(storageRetries)
          .as("503s retried by the S3 client, cut bodies resumed by the reader")
          .isGreaterThanOrEqualTo(proxy.injected(Fault.SLOW_DOWN_503))
          .isLessThanOrEqualTo(
              proxy.injected(Fault.SLOW_DOWN_503)
                  + proxy.injected(Fault.RESET_MID_BODY)
                  + proxy.injected(Fault.TRUNCATED_BODY));
      assertThat(attempts)
          .as("cut bodies resumed by the reader: no call had to be run again")
          .isEqualTo(slices.size());
    }
  }
}
