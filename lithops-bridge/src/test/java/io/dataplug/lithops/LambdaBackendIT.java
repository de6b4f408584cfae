package io.dataplug.lithops;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.CloudObject;
import io.dataplug.DataSlice;
import io.dataplug.lithops.functions.Summarize;
import io.dataplug.lithops.lambda.LambdaHandler;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.testing.ExternalTools;
import io.dataplug.testing.S3TestServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aws_lambda backend against the embedded S3 server: the handler run in-process on a slice
 * request writes its status object; the whole executor path with the in-JVM invoker gives the same
 * results as localhost.
 */
class LambdaBackendIT {
  @TempDir Path dir;

  /** Fails with an I/O error on its first run (per marker file), then counts. */
  public static final class FlakyOnce implements TaskFunction<DataSlice, Long> {
    @Override
    public Long apply(DataSlice slice) throws Exception {
      java.io.File marker = new java.io.File(System.getProperty("java.io.tmpdir"), "dataplug-flaky-" + slice.etag() + "-" + slice.index());
      if (marker.createNewFile()) {
        throw new java.net.SocketException("Connection reset (first attempt)");
      }
      return slice.countRecords();
    }
  }

  private List<DataSlice> slices(String bucket) throws IOException {
    Path fq = ExternalTools.wgsimPairs(dir, 4_000, 150).get(0);
    Path gz = dir.resolve("r1.fq.gz");
    sh("gzip -c " + q(fq) + " > " + q(gz));
    ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/reads.fq.gz");
    S3TestServer.store().put(location, gz);
    CloudObject co = CloudObject.builder(location).storeConfig(S3TestServer.config()).option("spacing", "131072")
        .option("sample_reads", "64").build();
    co.preprocess();
    return co.partition("slices", 4);
  }

  @Test
  void handlerRunsASliceRequestAndWritesItsStatus() throws Exception {
    String bucket = S3TestServer.newBucket("lambda-handler");
    DataSlice slice = slices(bucket).get(1);
    String job = "s3://" + bucket + "/jobs/job-1";
    byte[] request = requestFor(job, slice);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new LambdaHandler().handleRequest(new ByteArrayInputStream(request), out, null);
    JsonNode returned = new ObjectMapper().readTree(out.toByteArray());
    ObjectLocation status = ObjectLocation.of(job + "/status/1-1.json");
    long size = S3TestServer.store().metadata(status).size();
    JsonNode stored = new ObjectMapper().readTree(S3TestServer.store().readFully(status, new ByteRange(0, size), null));
    assertThat(stored).isEqualTo(returned);
    assertThat(stored.get("ok").asBoolean()).isTrue();
    Map<String, Long> expected = slice.summarize();
    assertThat(stored.get("value").get("records").asLong()).isEqualTo(expected.get("records"));
    assertThat(stored.get("value").get("bases").asLong()).isEqualTo(expected.get("bases"));
    assertThat(stored.get("bytes").asLong()).isPositive();
  }

  private static byte[] requestFor(String job, DataSlice slice) throws Exception {
    var m = LambdaHandler.class.getDeclaredMethod("request", String.class, int.class, int.class, String.class, Object.class,
        io.dataplug.storage.StoreConfig.class);
    m.setAccessible(true);
    return (byte[]) m.invoke(null, job, slice.index(), 1, Summarize.class.getName(), slice, S3TestServer.config());
  }

  @Test
  void executorOnLambdaGivesTheSameResults() throws IOException {
    String bucket = S3TestServer.newBucket("lambda-executor");
    List<DataSlice> slices = slices(bucket);
    List<Map<String, Long>> local;
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      local = executor.getResult(executor.map(new Summarize(), slices));
    }
    System.setProperty("dataplug.lambda.invoker", "local");
    System.setProperty("dataplug.lambda.jobs", "s3://" + bucket + "/jobs");
    System.setProperty("dataplug.lambda.store.endpoint", S3TestServer.config().endpoint());
    try (FunctionExecutor executor = FunctionExecutor.builder().backend("aws_lambda").workers(2)
        .progress(FunctionExecutor.Progress.NEVER)
        .retries(new RetryPolicy(3, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50))).build()) {
      assertThat(executor.getResult(executor.map(new Summarize(), slices))).isEqualTo(local);

      List<ResponseFuture<Long>> flaky = executor.map(new FlakyOnce(), slices);
      assertThat(executor.getResult(flaky).stream().mapToLong(Long::longValue).sum())
          .isEqualTo(local.stream().mapToLong(m -> m.get("records")).sum());
      assertThat(flaky).allSatisfy(f -> assertThat(f.stats().attempts()).isEqualTo(2));

      assertThatThrownBy(() -> executor.getResult(executor.map(DataSlice::countRecords, slices.subList(0, 1))))
          .isInstanceOf(JobFailedException.class)
          .hasMessageContaining("ships functions by class name");
    } finally {
      System.clearProperty("dataplug.lambda.invoker");
      System.clearProperty("dataplug.lambda.jobs");
      System.clearProperty("dataplug.lambda.store.endpoint");
    }
  }
}
