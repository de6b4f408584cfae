package io.dataplug.lithops.lambda;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.format.SliceSummary;
import io.dataplug.index.Manifest;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.functions.Summarize;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.StoreConfig;
import io.dataplug.storage.s3.EmbeddedS3Server;
import io.dataplug.storage.s3.S3ObjectStore;
import io.dataplug.testing.ExternalTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * The whole aws_lambda path against LocalStack in Docker (Testcontainers; skipped where no Docker
 * engine runs): the project's shaded jar deployed as a Java 17 function through the Lambda API,
 * invoked asynchronously per task, reading its slice from LocalStack's S3 and writing its status
 * there. LocalStack runs each invocation in a Lambda runtime container on its own network, so the
 * function reaches S3 at LocalStack's address on that network, not at the port mapped to this host.
 * Expected counts come from wgsim (the reads it was asked for) and the localhost backend.
 */
@Testcontainers(disabledWithoutDocker = true)
class LambdaLocalStackIT {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer("localstack/localstack:4.9").withServices("s3", "lambda");

  private static final String BUCKET = "dataplug-lambda";
  private static final String FUNCTION = "dataplug";
  private static final int READS = 4_000;

  private static StoreConfig host;
  private static S3ObjectStore s3;

  @TempDir Path dir;

  @BeforeAll
  static void deploy() throws IOException {
    EmbeddedS3Server.useServerCredentials(); // LocalStack accepts any keys
    host = new StoreConfig(LOCALSTACK.getEndpoint().toString(), LOCALSTACK.getRegion(), true, 5);
    s3 = new S3ObjectStore(host);
    s3.createBucket(BUCKET);
    new LambdaApi(LOCALSTACK.getEndpoint().toString(), LOCALSTACK.getRegion())
        .deploy(
            FUNCTION,
            "arn:aws:iam::000000000000:role/dataplug-lambda",
            shadedJar(),
            ObjectLocation.of("s3://" + BUCKET + "/code/dataplug.jar"),
            host,
            1024,
            300);
    String inside =
        "http://" + LOCALSTACK.getContainerInfo().getNetworkSettings().getIpAddress() + ":4566";
    System.setProperty("dataplug.lambda.jobs", "s3://" + BUCKET + "/jobs");
    System.setProperty("dataplug.lambda.function", FUNCTION);
    System.setProperty("dataplug.lambda.endpoint", LOCALSTACK.getEndpoint().toString());
    System.setProperty("dataplug.lambda.store.endpoint", host.endpoint());
    System.setProperty("dataplug.lambda.function.store.endpoint", inside);
    System.setProperty(
        "dataplug.lambda.lostAfterMs", "300000"); // the first call pulls the Java runtime image
  }

  @AfterAll
  static void clear() {
    for (String p :
        List.of(
            "jobs",
            "function",
            "endpoint",
            "store.endpoint",
            "function.store.endpoint",
            "lostAfterMs")) {
      System.clearProperty("dataplug.lambda." + p);
    }
    if (s3 != null) {
      s3.close();
    }
  }

  /** The shaded jar the package phase built (failsafe runs after it). */
  private static Path shadedJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("lithops-bridge-.*-cli\\.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalStateException(
                      "No shaded jar in target/: run mvn verify, not the test alone"));
    }
  }

  private CloudObject upload(Path file, String key) throws IOException {
    ObjectLocation location = ObjectLocation.of("s3://" + BUCKET + "/" + key);
    s3.put(location, file);
    return CloudObject.builder(location).storeConfig(host).option("sample_reads", "64").build();
  }

  private static FunctionExecutor lambda() {
    return FunctionExecutor.builder()
        .backend("aws_lambda")
        .workers(4)
        .progress(FunctionExecutor.Progress.NEVER)
        .build();
  }

  @Test
  void fastqGzCountedOnLambdaMatchesLocalhost() throws IOException {
    Path fq = ExternalTools.wgsimPairs(dir, READS, 150).get(0);
    Path gz = dir.resolve("reads.fq.gz");
    sh("gzip -c " + q(fq) + " > " + q(gz));
    CloudObject co = upload(gz, "reads.fq.gz");
    co.preprocess();
    List<DataSlice> slices = co.partition("slices", 4);
    List<SliceSummary> local;
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      local = executor.getResult(executor.map(new Summarize(), slices));
    }
    List<SliceSummary> remote;
    try (FunctionExecutor executor = lambda()) {
      var futures = executor.map(new Summarize(), slices);
      remote = executor.getResult(futures);
      assertThat(futures).allSatisfy(f -> assertThat(f.stats().bytesRead()).isPositive());
    }
    assertThat(remote).isEqualTo(local);
    assertThat(remote.stream().mapToLong(m -> m.counts().get("records")).sum()).isEqualTo(READS);
  }

  @Test
  void plainFastqPreprocessedInChunksOnLambda() throws IOException {
    Path fq = ExternalTools.wgsimPairs(dir, READS, 100).get(1);
    CloudObject co = upload(fq, "reads_2.fq");
    Manifest m;
    try (FunctionExecutor executor = lambda()) {
      m = executor.preprocess(co, PreprocessOptions.force(), 4);
    }
    assertThat(co.attributes())
        .containsEntry("index_pass", "parallel, 4 chunks")
        .containsEntry("records", Integer.toString(READS));
  }
}
