package io.dataplug.cli;

import io.dataplug.format.FormatPlugin;
import io.dataplug.format.FormatRegistry;
import io.dataplug.partition.PartitionRequest;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "formats",
    mixinStandardHelpOptions = true,
    description = "List the formats, their strategies and options.")
final class FormatsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (FormatPlugin f : FormatRegistry.get().formats()) {
      out.printf("%-10s %s%n", f.id(), f.info().description());
      for (PartitionRequest.Kind k : f.info().requests()) {
        switch (k) {
          case BOUNDING_BOX -> out.printf("  --bbox MINX,MINY,MAXX,MAXY  %s%n", k.description());
          case BUFFER -> out.printf("  --buffer D           %s%n", k.description());
          case POLYGON -> out.printf("  --polygon WKT        %s%n", k.description());
          case LEVEL -> out.printf("  --level D            %s%n", k.description());
          case RESOLUTION -> out.printf("  --resolution R       %s%n", k.description());
          default ->
              out.printf("  --strategy %-9s %s (n = %s)%n", k.id(), k.description(), k.parameter());
        }
      }
      for (String o : f.info().options()) {
        out.printf("  -o %s%n", o);
      }
    }
    out.flush();
  }
}
