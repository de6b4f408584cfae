package io.dataplug.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.CloudObject;
import io.dataplug.job.SliceJob;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.slice.DataSlice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One job of a format module as a sub-command ({@code dataplug fastq-stats URI}): the command line
 * adds one for every {@link SliceJob} it finds, so a new format's jobs need no command-line code.
 */
@Command(mixinStandardHelpOptions = true)
final class JobCommand implements Callable<Integer> {
  private final SliceJob<?> job;

  @Parameters(paramLabel = "URI")
  String uri = "";

  @Mixin ObjectOptions object;
  @Mixin SliceOptions slicing;

  @Mixin ExecutorOptions execution;

  @Option(names = "--png", paramLabel = "FILE", description = "Write the job's picture here.")
  @Nullable Path png;

  @Spec CommandSpec spec;

  JobCommand(SliceJob<?> job) {
    this.job = job;
  }

  /** The sub-command for {@code job}, named by its id and described by its description. */
  static CommandLine of(SliceJob<?> job) {
    CommandLine cli = new CommandLine(new JobCommand(job));
    cli.getCommandSpec()
        .usageMessage()
        .description(
            job.description() + " (a job of the " + String.join(", ", job.formats()) + " format)",
            "The last line of output is one JSON object (job, object, slices, the job's figures, "
                + "bytes_read, requests, seconds).");
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    return run(job, uri);
  }

  /** Runs {@code job} over the slices of {@code uri} with this command's options. */
  int run(SliceJob<?> job, String uri) throws Exception {
    slicing.validate(spec);
    execution.validate(spec);
    long start = System.nanoTime();
    CloudObject co = object.open(uri);
    if (!job.formats().contains(co.format().id())) {
      throw new IllegalArgumentException(
          "Job " + job.id() + " reads " + job.formats() + ", not " + co.format().id() + ": " + uri);
    }
    PreprocessCommand.ensureIndex(co);
    List<DataSlice> slices = slicing.partition(co);
    FunctionExecutor.Builder builder = execution.builder();
    JobRun run;
    String backendName;
    try (FunctionExecutor executor = builder.build()) {
      backendName = executor.backend();
      run = JobRun.run(job, slices, executor);
    }
    PrintWriter out = spec.commandLine().getOut();
    run.printTable(out);
    run.printSummary(out);
    if (png != null && run.plot(job.id() + " of " + co.location(), png)) {
      out.printf("  %-14s %s%n", "picture", png.toAbsolutePath());
    }
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    json.put("job", job.id());
    json.put("object", co.location().toString());
    json.put("format", co.format().id());
    json.put("slices", slices.size());
    json.setAll((ObjectNode) mapper.valueToTree(run.job.summary(run.total)));
    json.put("bytes_read", run.bytesRead());
    json.put("requests", run.requests());
    json.put("backend", backendName);
    json.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    out.println(json);
    out.flush();
    return 0;
  }
}
