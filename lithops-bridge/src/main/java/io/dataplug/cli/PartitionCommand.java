package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.SliceJson;
import io.dataplug.slice.SliceRange;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "partition",
    mixinStandardHelpOptions = true,
    description = {
      "Cut a preprocessed object into slices (reads no data) and print them.",
      "A table of the slices (the ranges they read, from where to where, how many bytes, and the"
          + " format's hint), or one slice per line as JSON with --json."
    })
final class PartitionCommand implements Callable<Integer> {
  @Parameters(paramLabel = "URI")
  String uri;

  @Mixin ObjectOptions object;
  @Mixin SliceOptions slicing;

  @Option(
      names = "--json",
      description = "One slice per line as JSON (for scripts and other workers).")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    slicing.validate(spec);
    CloudObject co = object.open(uri);
    slicing.checkSupported(spec, co);
    PreprocessCommand.ensureIndex(co);
    List<DataSlice> slices = slicing.partition(co);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      slices.forEach(s -> out.println(Slices.toJson(s)));
    } else {
      out.printf("%s: %d slices (%s)%n", co.location(), slices.size(), co.format().id());
      out.printf("%6s %7s  %-27s %14s  %s%n", "slice", "ranges", "span", "bytes", "hint");
      for (DataSlice s : slices) {
        out.printf(
            "%6d %7d  %-27s %,14d  %s%n",
            s.index(), s.ranges().size(), span(s), s.length(), SliceJson.describe(s.hint()));
      }
    }
    out.flush();
    return 0;
  }

  /** From the first byte a slice reads to the end of its last range, as {@code [a, b)}. */
  private static String span(DataSlice s) {
    if (s.ranges().isEmpty()) {
      return "-";
    }
    long start = Long.MAX_VALUE;
    long end = 0;
    for (SliceRange r : s.ranges()) {
      start = Math.min(start, r.offset());
      end = Math.max(end, r.offset() + r.length());
    }
    return "[" + start + ", " + end + ")";
  }
}
