package io.dataplug.lithops.spark;

import io.dataplug.job.TaskFunction;
import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.Task;
import io.dataplug.storage.IoStats;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

/**
 * The spark backend's session: gathers submitted calls into batches (per function), runs each batch
 * as one Spark job with one partition per call, and reports each call's outcome. A failed job (lost
 * executors, a killed stage) reports its calls as lost, and the executor retries them.
 */
public final class SparkSession implements BackendSession {
  private final JavaSparkContext context;
  private final boolean ownContext;
  private final int parallelism;
  private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
  private final Thread batcher;
  private volatile boolean closed;

  /**
   * Joins the active Spark context, or starts one with the master from {@link #master}.
   *
   * @param workers the parallelism of the default master, {@code local[workers]}
   */
  public SparkSession(int workers) {
    // picks up the spark.* system properties, which is how spark-submit passes its settings
    SparkConf conf = new SparkConf();
    String master = master(conf, workers);
    conf.setMaster(master).setIfMissing("spark.app.name", "dataplug");
    if (master.startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false")
          .setIfMissing("spark.driver.host", "127.0.0.1")
          .setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    String javaOptions = io.dataplug.lithops.WorkerSettings.javaOptions();
    if (!javaOptions.isEmpty()) {
      conf.setIfMissing("spark.executor.extraJavaOptions", javaOptions);
    }
    org.apache.spark.SparkContext active =
        org.apache.spark.SparkContext$.MODULE$.getActive().getOrElse(() -> null);
    this.ownContext = active == null;
    this.context =
        active == null ? new JavaSparkContext(conf) : JavaSparkContext.fromSparkContext(active);
    this.parallelism = Math.max(1, context.defaultParallelism());
    this.batcher = new Thread(this::batches, "dataplug-spark-batcher");
    batcher.setDaemon(true);
    batcher.start();
  }

  /**
   * The master URL: {@code spark.master} where it is set (spark-submit sets it from {@code
   * --master} and the cluster's defaults), else {@code -Ddataplug.spark.master}, else {@code
   * $DATAPLUG_SPARK_MASTER}, else {@code local[workers]}.
   */
  static String master(SparkConf conf, int workers) {
    if (conf.contains("spark.master")) {
      return conf.get("spark.master");
    }
    return System.getProperty(
        "dataplug.spark.master",
        System.getenv().getOrDefault("DATAPLUG_SPARK_MASTER", "local[" + workers + "]"));
  }

  @Override
  public void submit(Task task) {
    queue.add(task);
  }

  @Override
  public int parallelism() {
    return parallelism;
  }

  @Override
  public void close() {
    closed = true;
    batcher.interrupt();
    if (ownContext) {
      context.stop();
    }
  }

  /** Takes what has been submitted within a few milliseconds and runs it as Spark jobs. */
  private void batches() {
    while (!closed) {
      List<Task> batch = new ArrayList<>();
      try {
        Task first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        Thread.sleep(5);
        queue.drainTo(batch, 100_000);
      } catch (InterruptedException e) {
        return;
      }
      Map<Object, List<Task>> byFunction = new IdentityHashMap<>();
      for (Task t : batch) {
        if (!t.abandoned()) {
          byFunction.computeIfAbsent(t.function(), f -> new ArrayList<>()).add(t);
        }
      }
      byFunction.forEach((function, tasks) -> run((TaskFunction<Object, Object>) function, tasks));
    }
  }

  private void run(TaskFunction<Object, Object> function, List<Task> tasks) {
    List<Input> inputs = new ArrayList<>(tasks.size());
    for (Task t : tasks) {
      inputs.add(new Input(t.index(), t.input()));
      t.started();
    }
    JavaFutureAction<List<Output>> job;
    try {
      job = context.parallelize(inputs, inputs.size()).map(new Runner(function)).collectAsync();
    } catch (RuntimeException e) {
      tasks.forEach(t -> t.failed(e, 0, 0, 0));
      return;
    }
    Thread waiter =
        new Thread(
            () -> {
              List<Output> outputs;
              try {
                outputs = job.get();
              } catch (Exception e) {
                String why = "Spark job failed: " + e.getMessage();
                tasks.forEach(t -> t.lost(why));
                return;
              }
              for (int i = 0; i < tasks.size(); i++) {
                Output o = outputs.get(i);
                if (o.ok()) {
                  tasks.get(i).succeeded(o.value(), o.bytes(), o.requests(), o.retries());
                } else {
                  tasks.get(i).failed((Throwable) o.value(), o.bytes(), o.requests(), o.retries());
                }
              }
            },
            "dataplug-spark-job");
    waiter.setDaemon(true);
    waiter.start();
  }

  /** One call's input, shipped to a Spark task. */
  record Input(int index, Object value) implements Serializable {}

  /** One call's outcome, shipped back: the result, or the exception, and what it fetched. */
  record Output(boolean ok, Object value, long bytes, long requests, long retries)
      implements Serializable {}

  /** Runs the function on a Spark executor, counting its reads. */
  static final class Runner implements Function<Input, Output> {
    private static final long serialVersionUID = 1L;
    private final TaskFunction<Object, Object> function;

    Runner(TaskFunction<Object, Object> function) {
      this.function = function;
    }

    @Override
    public Output call(Input input) {
      try (IoStats.TaskScope scope = IoStats.beginTask()) {
        IoStats io = scope.stats();
        try {
          Object value = function.apply(input.value());
          return new Output(true, value, io.bytes(), io.requests(), io.retries());
        } catch (Throwable t) {
          return new Output(false, portable(t), io.bytes(), io.requests(), io.retries());
        }
      }
    }

    /** The exception if it serializes, else a copy with its message and trace. */
    private static Throwable portable(Throwable t) {
      try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
        out.writeObject(t);
        return t;
      } catch (IOException e) {
        RuntimeException copy = new RuntimeException(t.toString());
        copy.setStackTrace(t.getStackTrace());
        return copy;
      }
    }
  }
}
