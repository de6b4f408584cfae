package io.dataplug.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.CloudObject;
import io.dataplug.job.SliceJob;
import io.dataplug.job.SliceJobs;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.slice.DataSlice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run a job over an object's slices in parallel and merge the results.",
      "Jobs come from the format modules on the class path ('dataplug run --list'). The last line of output "
          + "is one JSON object (job, object, slices, the job's figures, bytes_read, requests, seconds)."
    })
final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "JOB", arity = "0..1")
  @Nullable String jobId;

  @Parameters(index = "1", paramLabel = "URI", arity = "0..1")
  @Nullable String uri;

  @Option(names = "--list", description = "List the jobs and exit.")
  boolean list;

  @Mixin ObjectOptions object;
  @Mixin SliceOptions slicing;

  @Option(
      names = {"-w", "--workers"},
      paramLabel = "W",
      description = "Parallel workers (default: number of cores).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(
      names = {"-b", "--backend"},
      paramLabel = "B",
      description =
          "Executor backend: localhost, process, spark, aws_lambda (default as for count).")
  @Nullable String backend;

  @Option(names = "--png", paramLabel = "FILE", description = "Write the job's picture here.")
  @Nullable Path png;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      for (SliceJob<?> job : SliceJobs.all()) {
        out.printf("%-14s %s (formats: %s)%n", job.id(), job.description(), job.formats());
      }
      out.flush();
      return 0;
    }
    if (jobId == null || uri == null) {
      throw new ParameterException(spec.commandLine(), "give a JOB and a URI (or --list)");
    }
    slicing.validate(spec);
    SliceJob<?> job;
    try {
      job = SliceJobs.get(jobId);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    long start = System.nanoTime();
    CloudObject co = object.open(uri);
    if (!job.formats().contains(co.format().id())) {
      throw new IllegalArgumentException(
          "Job " + job.id() + " reads " + job.formats() + ", not " + co.format().id() + ": " + uri);
    }
    PreprocessCommand.ensureIndex(co);
    List<DataSlice> slices = slicing.partition(co);
    FunctionExecutor.Builder builder = FunctionExecutor.builder().workers(workers);
    if (backend != null) {
      builder.backend(backend);
    }
    JobRun run;
    String backendName;
    try (FunctionExecutor executor = builder.build()) {
      backendName = executor.backend();
      run = JobRun.run(job, slices, executor);
    }
    run.printTable(out);
    run.printSummary(out);
    if (png != null && run.plot(job.id() + " of " + co.location(), png)) {
      out.printf("  %-14s %s%n", "picture", png.toAbsolutePath());
    }
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("job", job.id());
    json.put("object", co.location().toString());
    json.put("format", co.format().id());
    json.put("slices", slices.size());
    json.setAll((ObjectNode) new ObjectMapper().valueToTree(run.job.summary(run.total)));
    json.put("bytes_read", run.bytesRead());
    json.put("requests", run.requests());
    json.put("backend", backendName);
    json.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    out.println(json);
    out.flush();
    return 0;
  }
}
