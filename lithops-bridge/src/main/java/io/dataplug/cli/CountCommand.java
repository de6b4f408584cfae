package io.dataplug.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.CloudObject;
import io.dataplug.format.SliceSummary;
import io.dataplug.lithops.CallStats;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.ResponseFuture;
import io.dataplug.lithops.functions.Summarize;
import io.dataplug.slice.DataSlice;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "count",
    mixinStandardHelpOptions = true,
    description = {
      "Count the records of an object, slice by slice in parallel.",
      "Preprocesses if needed, partitions, and counts every slice on the executor. The last line of output is "
          + "one JSON object (object, format, slices, records, bytes_read, requests, retries, seconds, ...); for point "
          + "clouds also bounds (min_x, min_y, min_z, max_x, max_y, max_z of the points counted)."
    })
final class CountCommand implements Callable<Integer> {
  @Parameters(paramLabel = "URI")
  String uri;

  @Mixin ObjectOptions object;
  @Mixin SliceOptions slicing;

  @Mixin ExecutorOptions execution;

  @Option(
      names = "--timeline",
      paramLabel = "PNG",
      description = "Write the job's timeline plot here and print its summary (to standard error).")
  java.nio.file.@Nullable Path timeline;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    slicing.validate(spec);
    execution.validate(spec);
    long start = System.nanoTime();
    CloudObject co = object.open(uri);
    slicing.checkSupported(spec, co);
    long t = System.nanoTime();
    double preprocessSeconds =
        PreprocessCommand.ensureIndex(co) ? (System.nanoTime() - t) / 1e9 : 0;
    List<DataSlice> slices = slicing.partition(co);
    FunctionExecutor.Builder builder = execution.builder();
    SliceSummary total = SliceSummary.EMPTY;
    long bytes = 0;
    long requests = 0;
    long retries = 0;
    String backendName;
    try (FunctionExecutor executor = builder.build()) {
      backendName = executor.backend();
      List<ResponseFuture<SliceSummary>> futures = executor.map(new Summarize(), slices);
      for (SliceSummary s : executor.getResult(futures)) {
        total = total.merge(s);
      }
      for (ResponseFuture<SliceSummary> f : futures) {
        CallStats s = f.stats();
        bytes += s.bytesRead();
        requests += s.requests();
        retries += s.storageRetries();
      }
      if (timeline != null) {
        io.dataplug.lithops.Timeline.plot(
            futures, "count " + co.location() + " on " + backendName, timeline);
        System.err.print(io.dataplug.lithops.Timeline.summary(futures));
        System.err.println("timeline   " + timeline.toAbsolutePath());
      }
    }
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("object", co.location().toString());
    json.put("format", co.format().id());
    json.put("strategy", slicing.request(co).kind().id());
    json.put("slices", slices.size());
    Map<String, Long> counters = new LinkedHashMap<>(total.counts());
    counters.putIfAbsent("records", 0L);
    counters.forEach(json::put);
    if (!total.ranges().isEmpty()) {
      ObjectNode bounds = json.putObject("bounds");
      total.ranges().forEach((k, r) -> bounds.put("min_" + k, r.min()));
      total.ranges().forEach((k, r) -> bounds.put("max_" + k, r.max()));
    }
    json.put("bytes_read", bytes);
    json.put("requests", requests);
    json.put("retries", retries);
    json.put("workers", execution.workers);
    json.put("backend", backendName);
    json.put("preprocess_seconds", Math.round(preprocessSeconds * 1000) / 1000.0);
    json.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    PrintWriter out = spec.commandLine().getOut();
    out.println(json);
    out.flush();
    return 0;
  }
}
