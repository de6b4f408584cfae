package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "cat",
    mixinStandardHelpOptions = true,
    description =
        "Write the records of all slices, in slice order, to standard output (header once).")
final class CatCommand implements Callable<Integer> {
  @Parameters(paramLabel = "URI")
  String uri;

  @Mixin ObjectOptions object;
  @Mixin SliceOptions slicing;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    slicing.validate(spec);
    CloudObject co = object.open(uri);
    slicing.checkSupported(spec, co);
    PreprocessCommand.ensureIndex(co);
    List<DataSlice> slices = slicing.partition(co);
    OutputStream out = new BufferedOutputStream(System.out, 1 << 20);
    try (InputStream header = Slices.openHeader(slices.get(0))) {
      header.transferTo(out);
    }
    for (DataSlice slice : slices) {
      try (InputStream in = Slices.openContent(slice)) {
        in.transferTo(out);
      }
    }
    out.flush();
    return 0;
  }
}
