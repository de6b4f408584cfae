package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.DataSlice;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How to cut an object: a strategy and its parameter. */
final class SliceOptions {
  @Option(
      names = {"-s", "--strategy"},
      paramLabel = "S",
      description = "Partition strategy (default: the format's first; see 'dataplug formats').")
  @Nullable String strategy;

  @Option(
      names = {"-n", "--slices"},
      paramLabel = "N",
      description =
          "The strategy's parameter: number of slices for 'slices', bytes per slice for 'bytes' (default: 8 slices).")
  long slices = 8;

  /** Rejects a parameter below 1 as bad usage, before any I/O. */
  void validate(CommandSpec spec) {
    if (slices < 1) {
      throw new ParameterException(
          spec.commandLine(), "--slices must be at least 1 (got " + slices + ")");
    }
  }

  List<DataSlice> partition(CloudObject co) throws IOException {
    String s = strategy != null ? strategy : co.format().strategies().get(0).name();
    return co.partition(s, slices);
  }
}
