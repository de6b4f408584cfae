package io.dataplug.benchmarks;

import io.dataplug.CloudObject;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Partition planning from an existing index (manifest read, stale check, index blob read, cut): the
 * whole {@code CloudObject.partition} call on the local store.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PartitionBenchmark {
  @Param({"100", "10000"})
  int slices;

  @SuppressWarnings("NullAway.Init") // set in @Setup
  private CloudObject object;

  @Setup
  public void index() throws IOException {
    Path file = BenchData.textFile(256L << 20);
    object =
        CloudObject.builder(file.toString())
            .format("text")
            .storeConfig(StoreConfig.defaults())
            .build();
    object.preprocess();
  }

  @Benchmark
  public List<DataSlice> partition() throws IOException {
    return object.partition("slices", slices);
  }
}
