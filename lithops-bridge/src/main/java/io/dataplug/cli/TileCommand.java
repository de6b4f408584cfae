package io.dataplug.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.CloudObject;
import io.dataplug.format.WritingFormat;
import io.dataplug.lithops.CallStats;
import io.dataplug.lithops.FunctionExecutor;
import io.dataplug.lithops.ResponseFuture;
import io.dataplug.lithops.functions.WriteSlice;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.ObjectLocation;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "tile",
    mixinStandardHelpOptions = true,
    description = {
      "Cut an object into tiles and write each tile as a file of its own (LAS/LAZ: uncompressed LAS).",
      "Preprocesses if needed, partitions (e.g. --tiles N, --bbox, --polygon), and has every worker "
          + "write its own tile: tile_<index>.las in the --out folder, the index in row-major order "
          + "from the lowest x and y. A LAS tile keeps the source's LAS version, point format, "
          + "scale and offset (coordinates are written as the source's integers), extra bytes and "
          + "VLRs (waveform packets are written as none); its header counts and bounds are those "
          + "of the points written. Runs on localhost, process and spark (aws_lambda refuses it: "
          + "its function carries the output folder).",
      "Buffer points (--buffer D): a tile file holds its own points and the points within D of its "
          + "box, the latter with the withheld flag set, as LAStools' lastile -flag_as_withheld "
          + "does. Keep only the tile's own points with -drop_withheld (LAStools, lidR's "
          + "filter = \"-drop_withheld\") or Withheld == 0 (PDAL); points already withheld in the "
          + "source stay withheld. Without --buffer a tile holds only its own points, and every "
          + "point of the source is in exactly one tile.",
      "The last line of output is one JSON object: the files (location, points, buffer_points), "
          + "total points, buffer_points, bytes_read, requests, seconds."
    })
final class TileCommand implements Callable<Integer> {
  @Parameters(paramLabel = "URI")
  String uri;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FOLDER",
      description =
          "Where the tiles go: a local directory (created if missing) or s3://bucket/prefix.")
  String out;

  @Mixin ObjectOptions object;
  @Mixin SliceOptions slicing;

  @Mixin ExecutorOptions execution;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    slicing.validate(spec);
    execution.validate(spec);
    long start = System.nanoTime();
    CloudObject co = object.open(uri);
    if (!(co.format() instanceof WritingFormat)) {
      throw new IllegalArgumentException(
          "Format " + co.format().id() + " cannot write its slices as files: " + uri);
    }
    slicing.checkSupported(spec, co);
    String folder;
    if (out.contains("://")) {
      folder = ObjectLocation.of(out).toString();
    } else {
      Path dir = Path.of(out).toAbsolutePath();
      Files.createDirectories(dir);
      folder = ObjectLocation.ofPath(dir).toString();
    }
    PreprocessCommand.ensureIndex(co);
    List<DataSlice> slices = slicing.partition(co);
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode json = mapper.createObjectNode();
    json.put("object", co.location().toString());
    json.put("format", co.format().id());
    json.put("strategy", slicing.request(co).kind().id());
    json.put("slices", slices.size());
    ArrayNode files = json.putArray("files");
    long points = 0;
    long buffered = 0;
    long bytes = 0;
    long requests = 0;
    try (FunctionExecutor executor = execution.builder().build()) {
      List<ResponseFuture<WriteSlice.Written>> futures =
          executor.map(new WriteSlice(folder, "tile_"), slices);
      for (WriteSlice.Written w : executor.getResult(futures)) {
        long own = w.counts().getOrDefault("records", 0L);
        long buffer = w.counts().getOrDefault("buffer_points", 0L);
        files
            .addObject()
            .put("location", w.location())
            .put("points", own)
            .put("buffer_points", buffer);
        points += own;
        buffered += buffer;
      }
      for (ResponseFuture<WriteSlice.Written> f : futures) {
        CallStats s = f.stats();
        bytes += s.bytesRead();
        requests += s.requests();
      }
      json.put("backend", executor.backend());
    }
    json.put("points", points);
    json.put("buffer_points", buffered);
    json.put("bytes_read", bytes);
    json.put("requests", requests);
    json.put("workers", execution.workers);
    json.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    PrintWriter w = spec.commandLine().getOut();
    w.println(json);
    w.flush();
    return 0;
  }
}
