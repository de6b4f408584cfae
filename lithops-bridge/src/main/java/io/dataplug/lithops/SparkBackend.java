package io.dataplug.lithops;

import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.ExecutorBackend;

/**
 * Apache Spark as the distributed engine ({@code spark} backend): calls are batched into Spark jobs
 * with one input (slice) per partition; workers rebuild their object stores from the slices'
 * configuration and the AWS credential chain. The master is {@code spark.master} where it is set
 * (as under spark-submit), else {@code -Ddataplug.spark.master} or {@code DATAPLUG_SPARK_MASTER},
 * else {@code local[workers]}. Spark is not a dependency of this library: it must be on the class
 * path, as under spark-submit, or as the {@code dataplug} launcher puts it there.
 */
public final class SparkBackend implements ExecutorBackend {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public String description() {
    return "Apache Spark (local[n] or a cluster), one slice per partition; needs Spark on the class path";
  }

  @Override
  public BackendSession start(int workers) {
    try {
      Class.forName("org.apache.spark.SparkConf", false, SparkBackend.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(
          "The spark backend needs Apache Spark 4 (org.apache.spark:spark-core_2.13) on the class"
              + " path: run the command with the dataplug launcher script (it fetches Spark with"
              + " Maven), or with spark-submit --class io.dataplug.cli.Main"
              + " lithops-bridge-*-cli.jar ...");
    }
    return new io.dataplug.lithops.spark.SparkSession(workers);
  }
}
