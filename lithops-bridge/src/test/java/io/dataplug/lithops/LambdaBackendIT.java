package io.dataplug.lithops;

import static io.dataplug.testing.ExternalTools.q;
import static io.dataplug.testing.ExternalTools.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.CloudObject;
import io.dataplug.PreprocessOptions;
import io.dataplug.Slices;
import io.dataplug.format.SliceSummary;
import io.dataplug.job.TaskFunction;
import io.dataplug.lithops.functions.Summarize;
import io.dataplug.lithops.lambda.LambdaHandler;
import io.dataplug.lithops.lambda.Tripwire;
import io.dataplug.slice.DataSlice;
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
import java.util.concurrent.atomic.AtomicInteger;
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
      java.io.File marker =
          new java.io.File(
              System.getProperty("java.io.tmpdir"),
              "dataplug-flaky-" + slice.etag() + "-" + slice.index());
      if (marker.createNewFile()) {
        throw new java.net.SocketException("Connection reset (first attempt)");
      }
      return Slices.countRecords(slice);
    }
  }

  /**
   * A result that is not serializable, nor a number, a string or a map: comes back through its
   * JSON.
   */
  public record SliceShape(int index, long length, List<Long> rangeOffsets) {}

  public static final class Shape implements TaskFunction<DataSlice, SliceShape> {
    @Override
    public SliceShape apply(DataSlice slice) {
      return new SliceShape(
          slice.index(), slice.length(), slice.ranges().stream().map(r -> r.offset()).toList());
    }
  }

  private List<DataSlice> slices(String bucket) throws IOException {
    Path fq = ExternalTools.wgsimPairs(dir, 4_000, 150).get(0);
    Path gz = dir.resolve("r1.fq.gz");
    sh("gzip -c " + q(fq) + " > " + q(gz));
    ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/reads.fq.gz");
    S3TestServer.store().put(location, gz);
    CloudObject co =
        CloudObject.builder(location)
            .storeConfig(S3TestServer.config())
            .option("spacing", "131072")
            .option("sample_reads", "64")
            .build();
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
    JsonNode stored =
        new ObjectMapper()
            .readTree(S3TestServer.store().readFully(status, new ByteRange(0, size), null));
    assertThat(stored).isEqualTo(returned);
    assertThat(stored.get("ok").asBoolean()).isTrue();
    Map<String, Long> expected = Slices.summarize(slice);
    assertThat(stored.get("value").get("counts").get("records").asLong())
        .isEqualTo(expected.get("records"));
    assertThat(stored.get("value").get("counts").get("bases").asLong())
        .isEqualTo(expected.get("bases"));
    assertThat(stored.get("bytes").asLong()).isPositive();
  }

  private static byte[] requestFor(String job, DataSlice slice) throws Exception {
    var m =
        LambdaHandler.class.getDeclaredMethod(
            "request",
            String.class,
            int.class,
            int.class,
            String.class,
            Object.class,
            io.dataplug.storage.StoreConfig.class);
    m.setAccessible(true);
    return (byte[])
        m.invoke(
            null, job, slice.index(), 1, Summarize.class.getName(), slice, S3TestServer.config());
  }

  @Test
  void executorOnLambdaGivesTheSameResults() throws IOException {
    String bucket = S3TestServer.newBucket("lambda-executor");
    List<DataSlice> slices = slices(bucket);
    List<SliceSummary> local;
    try (FunctionExecutor executor = FunctionExecutor.localhost(2)) {
      local = executor.getResult(executor.map(new Summarize(), slices));
    }
    System.setProperty("dataplug.lambda.invoker", "local");
    useJobsIn(bucket);
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("aws_lambda")
            .workers(2)
            .progress(FunctionExecutor.Progress.NEVER)
            .retries(
                new RetryPolicy(
                    3, java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(50)))
            .build()) {
      assertThat(executor.getResult(executor.map(new Summarize(), slices))).isEqualTo(local);
      // wgsim was asked for 4,000 read pairs: R1 holds 4,000 reads
      assertThat(local.stream().mapToLong(m -> m.counts().get("records")).sum()).isEqualTo(4_000);

      List<ResponseFuture<Long>> flaky = executor.map(new FlakyOnce(), slices);
      assertThat(executor.getResult(flaky).stream().mapToLong(Long::longValue).sum())
          .isEqualTo(local.stream().mapToLong(m -> m.counts().get("records")).sum());
      assertThat(flaky).allSatisfy(f -> assertThat(f.stats().attempts()).isEqualTo(2));

      assertThat(executor.getResult(executor.map(new Shape(), slices)))
          .isEqualTo(slices.stream().map(new Shape()::apply).toList());

      assertThatThrownBy(
              () -> executor.getResult(executor.map(Slices::countRecords, slices.subList(0, 1))))
          .isInstanceOf(JobFailedException.class)
          .hasMessageContaining("ships functions by class name");
      assertThat(S3TestServer.store().list(ObjectLocation.of("s3://" + bucket + "/jobs")))
          .isNotEmpty();
    } finally {
      clearLambdaSettings();
    }
    // closing the executor removed the job's status objects
    assertThat(S3TestServer.store().list(ObjectLocation.of("s3://" + bucket + "/jobs"))).isEmpty();
  }

  /** Status objects in {@code bucket}, through the embedded S3 server. */
  private static void useJobsIn(String bucket) {
    System.setProperty("dataplug.lambda.jobs", "s3://" + bucket + "/jobs");
    System.setProperty("dataplug.lambda.store.endpoint", S3TestServer.config().endpoint());
  }

  private static FunctionExecutor lambdaExecutor() {
    return FunctionExecutor.builder()
        .backend("aws_lambda")
        .workers(2)
        .progress(FunctionExecutor.Progress.NEVER)
        .build();
  }

  private static void clearLambdaSettings() {
    for (String p :
        List.of(
            "invoker",
            "jobs",
            "store.endpoint",
            "function.store.endpoint",
            "endpoint",
            "function")) {
      System.clearProperty("dataplug.lambda." + p);
    }
  }

  /** Sleeps 300 ms. */
  public static final class Nap implements TaskFunction<Integer, Integer> {
    @Override
    public Integer apply(Integer x) throws InterruptedException {
      Thread.sleep(300);
      return x;
    }
  }

  /**
   * The timeline shows when calls ran on the function's clock: with 2 invocations at a time (the
   * in-JVM invoker's pool, like a concurrency limit) the last 2 of 4 calls start about 300 ms after
   * they were handed over.
   */
  @Test
  void statsShowWhenTheFunctionRan() throws IOException {
    String bucket = S3TestServer.newBucket("lambda-timeline");
    System.setProperty("dataplug.lambda.invoker", "local");
    useJobsIn(bucket);
    try (FunctionExecutor executor = lambdaExecutor()) {
      List<ResponseFuture<Integer>> futures = executor.map(new Nap(), List.of(1, 2, 3, 4));
      assertThat(executor.getResult(futures)).containsExactly(1, 2, 3, 4);
      List<Long> waits =
          futures.stream().map(f -> f.stats().started() - f.stats().submitted()).sorted().toList();
      assertThat(waits.get(3)).isGreaterThanOrEqualTo(250);
      assertThat(futures)
          .allSatisfy(
              f -> assertThat(f.stats().finished() - f.stats().started()).isBetween(290L, 5_000L));
    } finally {
      clearLambdaSettings();
    }
  }

  /** The endpoint a slice reached the function with. */
  public static final class Endpoint implements TaskFunction<DataSlice, String> {
    @Override
    public String apply(DataSlice slice) {
      return slice.storeConfig().endpoint();
    }
  }

  @Test
  void preprocessingAndSlicesReachTheStoreAsTheFunctionSeesIt() throws IOException {
    String bucket = S3TestServer.newBucket("lambda-preprocess");
    Path fq = ExternalTools.wgsimPairs(dir, 3_000, 100).get(1);
    ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/reads_2.fq");
    S3TestServer.store().put(location, fq);
    CloudObject co =
        CloudObject.builder(location)
            .storeConfig(S3TestServer.config())
            .option("sample_reads", "50")
            .build();
    String seenByFunction = S3TestServer.config().endpoint().replace("127.0.0.1", "localhost");
    System.setProperty("dataplug.lambda.invoker", "local");
    useJobsIn(bucket);
    System.setProperty("dataplug.lambda.function.store.endpoint", seenByFunction);
    try (FunctionExecutor executor = lambdaExecutor()) {
      executor.preprocess(co, PreprocessOptions.force(), 4);
      assertThat(co.attributes())
          .containsEntry("index_pass", "parallel, 4 chunks")
          .containsEntry("records", "3000");
      assertThat(executor.getResult(executor.map(new Endpoint(), co.partition("slices", 3))))
          .containsOnly(seenByFunction);
    } finally {
      clearLambdaSettings();
    }
    // seqtk's count of the reads in every slice of the index built on "Lambda"
    ExternalTools.require("seqtk", "seqtk");
    long reads = sh("seqtk seq " + q(fq)).lines().count() / 4;
    long counted = 0;
    for (DataSlice slice : co.partition("reads", 7)) {
      counted += Slices.countRecords(slice);
    }
    assertThat(counted).isEqualTo(reads);
  }

  /**
   * The invoker's side of the Lambda Invoke API over HTTP: a small server on 127.0.0.1 checks each
   * request (path, asynchronous invocation type, SigV4 authorization for the lambda service) and
   * runs the handler on the payload as Lambda would.
   */
  @Test
  void invokerSpeaksTheInvokeApi() throws Exception {
    String bucket = S3TestServer.newBucket("lambda-invoke-api");
    List<DataSlice> slices = slices(bucket);
    List<String> problems = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
    var server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          if (exchange.getRequestURI().getPath().startsWith("/2015-03-31/functions/missing/")) {
            byte[] body = "{\"Type\":\"User\",\"message\":\"Function not found\"}".getBytes();
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            return;
          }
          if (!exchange.getRequestMethod().equals("POST")
              || !exchange
                  .getRequestURI()
                  .getPath()
                  .equals("/2015-03-31/functions/dataplug-test/invocations")
              || !"Event".equals(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"))
              || auth == null
              || !auth.startsWith("AWS4-HMAC-SHA256 Credential=")
              || !auth.contains("/lambda/aws4_request")) {
            problems.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + auth);
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
          }
          byte[] payload = exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
          pool.execute(
              () -> {
                try {
                  new LambdaHandler()
                      .handleRequest(
                          new ByteArrayInputStream(payload), new ByteArrayOutputStream(), null);
                } catch (IOException e) {
                  problems.add(e.toString());
                }
              });
        });
    server.start();
    System.setProperty(
        "dataplug.lambda.endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
    System.setProperty("dataplug.lambda.function", "dataplug-test");
    useJobsIn(bucket);
    try (FunctionExecutor executor = lambdaExecutor()) {
      List<SliceSummary> results = executor.getResult(executor.map(new Summarize(), slices));
      assertThat(results.stream().mapToLong(m -> m.counts().get("records")).sum())
          .isEqualTo(4_000); // wgsim
      assertThat(results)
          .isEqualTo(
              slices.stream()
                  .map(
                      s -> {
                        try {
                          return Slices.summary(s);
                        } catch (IOException e) {
                          throw new java.io.UncheckedIOException(e);
                        }
                      })
                  .toList());
    }
    // an invocation the API refuses fails its call at once, with the API's answer
    System.setProperty("dataplug.lambda.function", "missing");
    try (FunctionExecutor executor =
        FunctionExecutor.builder()
            .backend("aws_lambda")
            .workers(2)
            .retries(
                new RetryPolicy(1, java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(1)))
            .progress(FunctionExecutor.Progress.NEVER)
            .build()) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> executor.getResult(executor.map(new Summarize(), slices.subList(0, 1))))
          .isInstanceOf(JobFailedException.class)
          .hasMessageContaining("HTTP 404")
          .hasMessageContaining("Function not found");
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    } finally {
      clearLambdaSettings();
      server.stop(0);
      pool.shutdownNow();
    }
    assertThat(problems).isEmpty();
  }

  /** A record result: it comes back through its JSON as the same value. */
  public record Point(int x, List<Long> ys, String label) {}

  public static final class Points implements TaskFunction<Integer, Point> {
    @Override
    public Point apply(Integer x) {
      return new Point(x, List.of((long) x, x * 2L), "point " + x);
    }
  }

  @Test
  void recordResultsComeBackAsTheSameValue() throws IOException {
    String bucket = S3TestServer.newBucket("lambda-record");
    System.setProperty("dataplug.lambda.invoker", "local");
    useJobsIn(bucket);
    try (FunctionExecutor executor = lambdaExecutor()) {
      List<Integer> inputs = List.of(1, 2, 3);
      assertThat(executor.getResult(executor.map(new Points(), inputs)))
          .isEqualTo(inputs.stream().map(new Points()::apply).toList());
      assertThat(executor.getResult(executor.callAsync(new Points(), 7)))
          .isEqualTo(new Point(7, List.of(7L, 14L), "point 7"));
    } finally {
      clearLambdaSettings();
    }
  }

  /**
   * Two jobs of one session: the second's calls (slow, so the first's status objects are listed
   * before theirs exist) take only their own status objects, not the first job's for the same task
   * and attempt.
   */
  @Test
  void laterJobsOfASessionTakeOnlyTheirOwnStatus() throws IOException {
    String bucket = S3TestServer.newBucket("lambda-two-jobs");
    System.setProperty("dataplug.lambda.invoker", "local");
    useJobsIn(bucket);
    try (FunctionExecutor executor = lambdaExecutor()) {
      assertThat(executor.getResult(executor.map(new Points(), List.of(1, 2)))).hasSize(2);
      assertThat(executor.getResult(executor.map(new Nap(), List.of(1, 2)))).containsExactly(1, 2);
    } finally {
      clearLambdaSettings();
    }
  }

  /** Declares Object as its result type, which says nothing to bind a result to. */
  public static final class Untyped implements TaskFunction<Integer, Object> {
    static final AtomicInteger CALLS = new AtomicInteger();

    @Override
    public Object apply(Integer x) {
      CALLS.incrementAndGet();
      return x;
    }
  }

  @Test
  void unbindableResultTypeIsRefusedWhenSubmitted() throws Exception {
    String bucket = S3TestServer.newBucket("lambda-unbindable");
    System.setProperty("dataplug.lambda.invoker", "local");
    useJobsIn(bucket);
    String message =
        "The aws_lambda backend returns results as JSON bound to the function's result type, "
            + "but the result type of "
            + Untyped.class.getName()
            + ", java.lang.Object, cannot be bound: "
            + "java.lang.Object does not say what to bind the JSON to";
    try (FunctionExecutor executor = lambdaExecutor()) {
      assertThatThrownBy(() -> executor.map(new Untyped(), List.of(1, 2)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
      assertThatThrownBy(() -> executor.callAsync(new Untyped(), 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
      Thread.sleep(200); // time enough for an invocation, had there been one
      assertThat(Untyped.CALLS).hasValue(0);
      assertThat(S3TestServer.store().list(ObjectLocation.of("s3://" + bucket + "/jobs")))
          .isEmpty();
    } finally {
      clearLambdaSettings();
    }
  }

  /**
   * A status object whose result is a Java-serialized object (as earlier versions wrote it, in
   * {@code value_java}, and in its {@code value} too), written by a stand-in for the Lambda API:
   * the call fails, once, and nothing is Java-deserialized.
   */
  @Test
  void tamperedStatusIsNeverJavaDeserialized() throws Exception {
    String bucket = S3TestServer.newBucket("lambda-tampered");
    String blob = Tripwire.serializedBase64();
    ObjectMapper json = new ObjectMapper();
    var server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          JsonNode request = json.readTree(exchange.getRequestBody());
          int task = request.path("task").asInt();
          int attempt = request.path("attempt").asInt();
          long now = System.currentTimeMillis();
          ObjectNode status =
              json.createObjectNode()
                  .put("task", task)
                  .put("attempt", attempt)
                  .put("started", now)
                  .put("ok", true)
                  .put("value_java", blob)
                  .put("value", blob)
                  .put("finished", now);
          String name = task + "-" + attempt + "-" + request.path("call").asLong() + ".json";
          S3TestServer.store()
              .put(
                  ObjectLocation.of(request.path("job").asText() + "/status/" + name),
                  json.writeValueAsBytes(status));
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    server.start();
    System.setProperty(
        "dataplug.lambda.endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
    System.setProperty("dataplug.lambda.function", "dataplug-test");
    useJobsIn(bucket);
    try (FunctionExecutor executor = lambdaExecutor()) {
      List<ResponseFuture<Point>> futures = executor.map(new Points(), List.of(5));
      assertThatThrownBy(() -> executor.getResult(futures))
          .isInstanceOf(JobFailedException.class)
          .hasMessageContaining("Cannot read the result of task 0 in s3://" + bucket + "/jobs/")
          .hasMessageContaining("as " + Point.class.getName() + ": Cannot construct instance");
      assertThat(futures.get(0).state()).isEqualTo(CallState.FAILED);
      assertThat(futures.get(0).stats().attempts()).isEqualTo(1);
      assertThat(Tripwire.tripped()).isFalse();
    } finally {
      clearLambdaSettings();
      server.stop(0);
    }
  }

  /**
   * Deploying: the jar lands in S3 and the CreateFunction request names the handler, the Java 17
   * runtime and that code (checked by a small server on 127.0.0.1 standing in for the Lambda API).
   */
  @Test
  void deployUploadsTheJarAndCreatesTheFunction() throws Exception {
    String bucket = S3TestServer.newBucket("lambda-deploy");
    Path jar = dir.resolve("fake.jar");
    java.nio.file.Files.write(jar, new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    Map<String, JsonNode> created = new java.util.concurrent.ConcurrentHashMap<>();
    var server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String path = exchange.getRequestURI().getPath();
          byte[] reply;
          int status = 200;
          if (exchange.getRequestMethod().equals("POST") && path.equals("/2015-03-31/functions")) {
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody());
            created.put(body.path("FunctionName").asText(), body);
            status = 201;
            reply = "{}".getBytes();
          } else if (exchange.getRequestMethod().equals("GET")
              && path.equals("/2015-03-31/functions/dp/configuration")) {
            reply = "{\"State\":\"Active\"}".getBytes();
          } else {
            status = 404;
            reply = "{}".getBytes();
          }
          exchange.sendResponseHeaders(status, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    server.start();
    try {
      ObjectLocation code = ObjectLocation.of("s3://" + bucket + "/code/dataplug.jar");
      new io.dataplug.lithops.lambda.LambdaApi(
              "http://127.0.0.1:" + server.getAddress().getPort(), "eu-west-1")
          .deploy("dp", "arn:aws:iam::1:role/r", jar, code, S3TestServer.config(), 2048, 600);
      assertThat(S3TestServer.store().readFully(code, new ByteRange(0, 7), null))
          .isEqualTo(java.nio.file.Files.readAllBytes(jar));
      JsonNode body = created.get("dp");
      assertThat(body.path("Handler").asText())
          .isEqualTo("io.dataplug.lithops.lambda.LambdaHandler::handleRequest");
      assertThat(body.path("Runtime").asText()).isEqualTo("java17");
      assertThat(body.path("MemorySize").asInt()).isEqualTo(2048);
      assertThat(body.path("Code").path("S3Bucket").asText()).isEqualTo(bucket);
      assertThat(body.path("Code").path("S3Key").asText()).isEqualTo("code/dataplug.jar");
    } finally {
      server.stop(0);
    }
  }
}
