package io.dataplug.lithops.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.job.TaskFunction;
import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.ExecutorBackend;
import io.dataplug.lithops.spi.Task;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.MalformedDataException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import io.dataplug.storage.WritableObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS Lambda as the backend ({@code aws_lambda}), the way Lithops uses it: each call is one
 * asynchronous invocation of a function running {@link LambdaHandler} (code: the shaded jar) with
 * the input as JSON and the function's class name; the handler writes the call's status to object
 * storage, where this session lists them (one LIST request per round, whatever the number of calls
 * outstanding). Functions must be named classes with a public no-argument constructor (lambdas
 * cannot be shipped by name). Results come back as JSON, bound to the result type the function's
 * class declares ({@code R} in {@code TaskFunction<T, R>}); a function whose result type cannot be
 * determined or bound (such as {@code Object}, an interface, or a class Jackson cannot construct)
 * is refused when the job is submitted. Nothing read from storage is Java-deserialized. Settings,
 * as system properties or environment variables:
 *
 * <ul>
 *   <li>{@code dataplug.lambda.jobs} / {@code DATAPLUG_LAMBDA_JOBS}: where status objects go, e.g.
 *       {@code s3://bucket/dataplug-jobs} (required)
 *   <li>{@code dataplug.lambda.function} / {@code DATAPLUG_LAMBDA_FUNCTION}: the function name
 *       (default {@code dataplug})
 *   <li>{@code dataplug.lambda.endpoint}: the Lambda API endpoint (default: AWS, or {@code
 *       AWS_ENDPOINT_URL})
 *   <li>{@code dataplug.lambda.store.endpoint}: the S3 endpoint for status objects (default: the
 *       environment's)
 *   <li>{@code dataplug.lambda.function.store.endpoint}: the S3 endpoint as the function sees it,
 *       where that differs (an emulator in a container network): used for status objects and for
 *       the slices and index chunks shipped to the function (default: the same as above)
 *   <li>{@code dataplug.lambda.invokeThreads}: how many invocations are handed over at once
 *       (default 16)
 *   <li>{@code dataplug.lambda.lostAfterMs}: a call with no status after this long is lost (default
 *       16 minutes, past Lambda's 15-minute limit)
 *   <li>{@code dataplug.lambda.keepStatus}: {@code true} keeps the job's status objects when the
 *       executor closes (by default they are deleted)
 *   <li>{@code dataplug.lambda.invoker}: {@code aws} (default) or {@code local}, which runs the
 *       same handler in this JVM (for trying a job without AWS)
 * </ul>
 */
public final class LambdaBackend implements ExecutorBackend {
  private static final Logger LOG = LoggerFactory.getLogger(LambdaBackend.class);
  private static final ObjectMapper JSON = LambdaJson.newMapper();

  @Override
  public String name() {
    return "aws_lambda";
  }

  @Override
  public String description() {
    return "AWS Lambda: one invocation per call, status through object storage (needs dataplug.lambda.jobs)";
  }

  private static @Nullable String setting(String property, String env) {
    String v = System.getProperty(property, System.getenv(env));
    return v == null || v.isBlank() ? null : v;
  }

  private static String setting(String property, String env, String fallback) {
    String v = setting(property, env);
    return v != null ? v : fallback;
  }

  @Override
  public BackendSession start(int workers) {
    String jobs = setting("dataplug.lambda.jobs", "DATAPLUG_LAMBDA_JOBS");
    if (jobs == null) {
      throw new IllegalStateException(
          "The aws_lambda backend needs a place for job status: set dataplug.lambda.jobs "
              + "(or DATAPLUG_LAMBDA_JOBS) to e.g. s3://my-bucket/dataplug-jobs");
    }
    StoreConfig store = StoreConfig.fromEnvironment();
    String storeEndpoint =
        setting("dataplug.lambda.store.endpoint", "DATAPLUG_LAMBDA_STORE_ENDPOINT");
    if (storeEndpoint != null) {
      store = store.withEndpoint(storeEndpoint);
    }
    StoreConfig functionStore = store;
    String functionEndpoint =
        setting(
            "dataplug.lambda.function.store.endpoint", "DATAPLUG_LAMBDA_FUNCTION_STORE_ENDPOINT");
    if (functionEndpoint != null) {
      functionStore = store.withEndpoint(functionEndpoint);
    }
    Invoker invoker;
    if ("local".equals(setting("dataplug.lambda.invoker", "DATAPLUG_LAMBDA_INVOKER", "aws"))) {
      invoker = new LocalInvoker(workers);
    } else {
      invoker =
          new AwsInvoker(
              setting("dataplug.lambda.function", "DATAPLUG_LAMBDA_FUNCTION", "dataplug"),
              setting("dataplug.lambda.endpoint", "AWS_ENDPOINT_URL"),
              store.region());
    }
    return new Session(
        ObjectLocation.of(jobs).child(UUID.randomUUID().toString()),
        store,
        functionStore,
        invoker,
        workers);
  }

  /**
   * The result in a status object: its {@code value}, bound to the function's result type. Any
   * other field, such as the Java-serialized {@code value_java} of earlier versions, is ignored.
   *
   * @throws IOException if there is no value, or it does not bind to the type
   */
  static @Nullable Object result(JsonNode status, JavaType resultType) throws IOException {
    JsonNode value = status.get("value");
    if (value == null) {
      throw new IOException("The status has no value");
    }
    return value.isNull() ? null : JSON.readerFor(resultType).readValue(value);
  }

  /** Sends requests to a function, without waiting for them to run. */
  interface Invoker extends AutoCloseable {
    /**
     * Queues one invocation; returns at once. If it cannot be made, {@code onFailure} is told (on
     * another thread).
     */
    void invoke(byte[] payload, Consumer<IOException> onFailure);

    @Override
    void close();
  }

  private static ExecutorService daemonPool(int threads, String name) {
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }

  /**
   * Asynchronous invocations through Lambda's Invoke API, sent by a pool of threads ({@code
   * dataplug.lambda.invokeThreads}, default 16), so a large map is handed over in parallel as
   * Lithops does.
   */
  static final class AwsInvoker implements Invoker {
    private final LambdaApi api;
    private final String function;
    private final ExecutorService pool =
        daemonPool(
            Integer.getInteger("dataplug.lambda.invokeThreads", 16), "dataplug-lambda-invoke");

    AwsInvoker(String function, @Nullable String endpoint, @Nullable String region) {
      this.api = new LambdaApi(endpoint, region);
      this.function = function;
    }

    @Override
    public void invoke(byte[] payload, Consumer<IOException> onFailure) {
      pool.execute(
          () -> {
            try {
              api.invokeAsync(function, payload);
            } catch (IOException e) {
              onFailure.accept(e);
            }
          });
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  /** Runs the handler in this JVM, as Lambda would run it, on a pool of threads. */
  static final class LocalInvoker implements Invoker {
    private final ExecutorService pool;

    LocalInvoker(int workers) {
      this.pool = daemonPool(workers, "dataplug-lambda-local");
    }

    @Override
    public void invoke(byte[] payload, Consumer<IOException> onFailure) {
      pool.execute(
          () -> {
            try {
              new LambdaHandler()
                  .handleRequest(
                      new java.io.ByteArrayInputStream(payload), new ByteArrayOutputStream(), null);
            } catch (IOException e) {
              onFailure.accept(e); // e.g. the status could not be written
            }
          });
    }

    @Override
    public void close() {
      pool.shutdownNow();
    }
  }

  private static final class Session implements BackendSession {
    private final ObjectLocation job;
    private final StoreConfig store;
    private final StoreConfig functionStore;
    private final Invoker invoker;
    private final int parallelism;

    /**
     * Calls awaiting their status object, by its name ({@code task-attempt-call.json}), with their
     * start times. The call number is new for every invocation, so a status object left by an
     * earlier job of this session (same task and attempt) is never taken for a later call's.
     */
    private final Map<String, Outstanding> outstanding = new ConcurrentHashMap<>();

    private final AtomicLong calls = new AtomicLong();

    private final long lostAfter = Long.getLong("dataplug.lambda.lostAfterMs", 16 * 60_000L);
    private final Thread poller;
    private volatile boolean closed;

    /** Result types by function class, once checked. */
    private final Map<Class<?>, JavaType> resultTypes = new ConcurrentHashMap<>();

    private record Outstanding(Task task, JavaType resultType, long since) {}

    private static final long MIN_POLL_MS = 100;
    private static final long MAX_POLL_MS = 1000;

    Session(
        ObjectLocation job,
        StoreConfig store,
        StoreConfig functionStore,
        Invoker invoker,
        int parallelism) {
      this.job = job;
      this.store = store;
      this.functionStore = functionStore;
      this.invoker = invoker;
      this.parallelism = parallelism;
      this.poller = new Thread(this::poll, "dataplug-lambda-poller");
      poller.setDaemon(true);
      poller.start();
    }

    /**
     * Refuses a function whose result type cannot be bound from JSON. A lambda or method reference
     * passes here, and each of its calls fails saying that functions are shipped by class name.
     */
    @Override
    public void check(TaskFunction<?, ?> function) {
      Class<?> fn = function.getClass();
      if (!unnamed(fn)) {
        resultType(fn);
      }
    }

    private static boolean unnamed(Class<?> fn) {
      return fn.isSynthetic() || fn.getName().contains("$$Lambda");
    }

    /**
     * The result type of functions of class {@code fn}, checked once.
     *
     * @throws IllegalArgumentException if it cannot be determined or bound
     */
    private JavaType resultType(Class<?> fn) {
      return resultTypes.computeIfAbsent(fn, c -> ResultType.of(c, JSON));
    }

    @Override
    public void submit(Task task) {
      Class<?> fn = task.function().getClass();
      if (unnamed(fn)) {
        task.failed(
            new IllegalArgumentException(
                "The aws_lambda backend ships functions by class name: use a named "
                    + "TaskFunction class with a public no-argument constructor, not a lambda or method reference"),
            0,
            0,
            0);
        return;
      }
      JavaType resultType;
      try {
        resultType = resultType(fn); // checked already when submitted through FunctionExecutor
      } catch (IllegalArgumentException e) {
        task.failed(e, 0, 0, 0);
        return;
      }
      long call = calls.incrementAndGet();
      String name = LambdaHandler.statusName(task.index(), task.attempt(), call);
      try {
        byte[] payload =
            LambdaHandler.request(
                job.toString(),
                task.index(),
                task.attempt(),
                call,
                fn.getName(),
                asSeenByFunction(task.input()),
                functionStore);
        outstanding.put(name, new Outstanding(task, resultType, System.currentTimeMillis()));
        task.started();
        invoker.invoke(
            payload,
            e -> {
              if (outstanding.remove(name) != null) {
                task.failed(e, 0, 0, 0);
              }
            });
      } catch (IOException e) {
        outstanding.remove(name);
        task.failed(e, 0, 0, 0);
      }
    }

    /** Slices and index chunks read their object through the function's view of the store. */
    private Object asSeenByFunction(Object input) {
      if (functionStore.equals(store)) {
        return input;
      } else if (input instanceof DataSlice slice) {
        return slice.withStoreConfig(slice.storeConfig().withEndpoint(functionStore.endpoint()));
      } else if (input instanceof ParallelIndexing.Chunk chunk) {
        return chunk.withStore(chunk.store().withEndpoint(functionStore.endpoint()));
      }
      return input;
    }

    /**
     * One listing of the job's status folder per round; only new status objects are read. Rounds
     * are 100 ms apart while calls complete, backing off to 1 s while none does (LISTs are billed).
     */
    private void poll() {
      ObjectLocation folder = job.child("status");
      long pause = MIN_POLL_MS;
      while (!closed) {
        if (!outstanding.isEmpty()) {
          boolean progress = false;
          try {
            WritableObjectStore s = ObjectStores.writable(folder, store);
            for (String name : s.list(folder)) {
              Outstanding call = outstanding.remove(name);
              if (call != null) {
                complete(call, s, folder.child(name));
                progress = true;
              }
            }
          } catch (IOException | RuntimeException ex) {
            // storage hiccup: list again next round
          }
          pause = progress ? MIN_POLL_MS : Math.min(MAX_POLL_MS, pause * 2);
          long now = System.currentTimeMillis();
          outstanding
              .entrySet()
              .removeIf(
                  e -> {
                    Task task = e.getValue().task();
                    if (task.abandoned()) {
                      return true;
                    } else if (now - e.getValue().since() > lostAfter) {
                      task.lost("no status from Lambda after " + lostAfter + " ms");
                      return true;
                    }
                    return false;
                  });
        }
        try {
          Thread.sleep(outstanding.isEmpty() ? MIN_POLL_MS : pause);
        } catch (InterruptedException ex) {
          return;
        }
      }
    }

    private static void complete(Outstanding call, ObjectStore s, ObjectLocation status) {
      Task task = call.task();
      JsonNode node;
      try {
        node =
            JSON.readTree(s.readFully(status, new ByteRange(0, s.metadata(status).size()), null));
      } catch (IOException | RuntimeException e) {
        task.failed(
            new IOException(
                "Cannot read the status of task " + task.index() + " at " + status + ": " + e, e),
            0,
            0,
            0);
        return;
      }
      task.ranBetween(node.path("started").asLong(), node.path("finished").asLong());
      long bytes = node.path("bytes").asLong();
      long requests = node.path("requests").asLong();
      long retries = node.path("retries").asLong();
      if (node.path("ok").asBoolean()) {
        Object value;
        try {
          value = result(node, call.resultType());
        } catch (IOException | RuntimeException e) {
          // not retried: the same status would fail the same way
          task.failed(
              new MalformedDataException(
                  "Cannot read the result of task "
                      + task.index()
                      + " in "
                      + status
                      + " as "
                      + call.resultType().toCanonical()
                      + ": "
                      + (e instanceof JsonProcessingException j
                          ? j.getOriginalMessage()
                          : e.getMessage()),
                  e),
              bytes,
              requests,
              retries);
          return;
        }
        task.succeeded(value, bytes, requests, retries);
      } else {
        task.failed(
            remoteFailure(node.path("error_type").asText(), node.path("error").asText()),
            bytes,
            requests,
            retries);
      }
    }

    /** The remote error as an exception the retry policy can judge: I/O errors stay I/O errors. */
    private static Throwable remoteFailure(String type, String message) {
      String text = type + ": " + message;
      try {
        if (IOException.class.isAssignableFrom(Class.forName(type))) {
          return new IOException(text);
        }
      } catch (ClassNotFoundException ignored) {
        // not a class here: not an I/O error we know
      }
      return new RuntimeException(text);
    }

    @Override
    public int parallelism() {
      return parallelism;
    }

    @Override
    public void close() {
      closed = true;
      poller.interrupt();
      invoker.close();
      if (!Boolean.getBoolean("dataplug.lambda.keepStatus")) {
        deleteJobObjects();
      }
    }

    /** Removes the job's status objects, as Lithops cleans its temporary data when a job ends. */
    private void deleteJobObjects() {
      try {
        WritableObjectStore s = ObjectStores.writable(job, store);
        for (String name : s.list(job)) {
          s.delete(job.child(name));
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("Could not remove the status objects of {}: {}", job, e.toString());
      }
    }
  }
}
