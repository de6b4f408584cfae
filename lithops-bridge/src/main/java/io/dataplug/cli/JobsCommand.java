package io.dataplug.cli;

import io.dataplug.job.SliceJob;
import io.dataplug.job.SliceJobs;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "jobs",
    mixinStandardHelpOptions = true,
    description =
        "List the jobs the format modules offer; each is a sub-command: dataplug JOB URI.")
final class JobsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (SliceJob<?> job : SliceJobs.all()) {
      out.printf("%-14s %s (formats: %s)%n", job.id(), job.description(), job.formats());
    }
    out.flush();
  }
}
