package io.dataplug.lithops;

import io.dataplug.lithops.spi.BackendSession;
import io.dataplug.lithops.spi.ExecutorBackend;

/**
 * Apache Spark as the distributed engine ({@code spark} backend): calls are batched into Spark jobs
 * with one input (slice) per partition; workers rebuild their object stores from the slices'
 * configuration and the AWS credential chain. The master comes from {@code -Ddataplug.spark.master}
 * or {@code DATAPLUG_SPARK_MASTER} (default {@code local[workers]}). Spark is not a dependency of
 * this library: it must be on the class path (as on a Spark cluster, or with spark-submit).
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
          "The spark backend needs Apache Spark 4 on the class path "
              + "(org.apache.spark:spark-core_2.13), e.g. run with spark-submit or add it to the application");
    }
    return new io.dataplug.lithops.spark.SparkSession(workers);
  }
}
