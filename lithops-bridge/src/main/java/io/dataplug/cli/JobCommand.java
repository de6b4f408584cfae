package io.dataplug.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.CloudObject;
import io.dataplug.job.JobParameter;
import io.dataplug.job.SliceJob;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.slice.DataSlice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * One job of a format module as a sub-command ({@code dataplug fastq-stats URI}): the command line
 * adds one for every {@link SliceJob} it finds, with an option for each of the job's {@linkplain
 * SliceJob#parameters() parameters}, so a new format's jobs need no command-line code.
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

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write the job's result here, in its domain's file format (if it has one).")
  @Nullable Path outFile;

  @Spec CommandSpec spec;

  JobCommand(SliceJob<?> job) {
    this.job = job;
  }

  /**
   * The sub-command for {@code job}, named by its id and described by its description, with an
   * option {@code --NAME} for each of its parameters.
   */
  static CommandLine of(SliceJob<?> job) {
    CommandLine cli = new CommandLine(new JobCommand(job));
    for (JobParameter p : job.parameters()) {
      cli.getCommandSpec()
          .addOption(
              OptionSpec.builder(option(p))
                  .paramLabel(p.label())
                  .type(String.class)
                  .description(p.description() + " (default: " + p.defaultValue() + ")")
                  .build());
    }
    cli.getCommandSpec()
        .usageMessage()
        .description(
            job.description() + " (a job of the " + String.join(", ", job.formats()) + " format)",
            "The last line of output is one JSON object (job, object, slices, the job's figures, "
                + "bytes_read, requests, seconds).");
    return cli;
  }

  private static String option(JobParameter p) {
    return "--" + p.name();
  }

  /** The values of the job's parameters given on the command line, by parameter name. */
  private Map<String, String> parameterValues() {
    Map<String, String> values = new LinkedHashMap<>();
    for (JobParameter p : job.parameters()) {
      OptionSpec option = spec.findOption(option(p));
      String value = option == null ? null : option.getValue();
      if (value != null) {
        values.put(p.name(), value);
      }
    }
    return values;
  }

  /** Runs the job over the slices of {@code uri} with this command's options. */
  @Override
  public Integer call() throws Exception {
    slicing.validate(spec);
    execution.validate(spec);
    long start = System.nanoTime();
    CloudObject co = object.open(uri);
    slicing.checkSupported(spec, co);
    if (!job.formats().contains(co.format().id())) {
      throw new IllegalArgumentException(
          "Job " + job.id() + " reads " + job.formats() + ", not " + co.format().id() + ": " + uri);
    }
    PreprocessCommand.ensureIndex(co);
    List<DataSlice> slices = slicing.partition(co);
    SliceJob<?> configured;
    try {
      configured = job.configure(parameterValues(), slices);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    FunctionExecutor.Builder builder = execution.builder();
    JobRun run;
    String backendName;
    try (FunctionExecutor executor = builder.build()) {
      backendName = executor.backend();
      run = JobRun.run(configured, slices, executor);
    }
    PrintWriter out = spec.commandLine().getOut();
    run.printTable(out);
    run.printSummary(out);
    if (png != null && run.plot(job.id() + " of " + co.location(), png)) {
      out.printf("  %-14s %s%n", "picture", png.toAbsolutePath());
    }
    if (outFile != null) {
      if (run.write(outFile)) {
        out.printf("  %-14s %s%n", "written", outFile.toAbsolutePath());
      } else {
        spec.commandLine().getErr().println("Job " + job.id() + " writes no file: --out ignored");
      }
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
