package io.dataplug.cli;

import io.dataplug.CloudObject;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.Partition;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How to cut an object: a partition request, from a strategy and its parameter or its own flag. */
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

  @Option(
      names = "--tiles",
      paramLabel = "N",
      description = "A square-ish grid of N tiles (formats with an extent, e.g. point clouds).")
  @Nullable Integer tiles;

  @Option(
      names = "--bbox",
      paramLabel = "MINX,MINY,MAXX,MAXY",
      description = "Only what lies in this box (formats with an extent).")
  @Nullable String bbox;

  @Option(
      names = "--polygon",
      paramLabel = "WKT",
      description = "Only what lies in this polygon, given as WKT (formats with an extent).")
  @Nullable String polygon;

  @Option(
      names = "--buffer",
      paramLabel = "D",
      description = "Add what lies within D of each tile, flagged as buffer (with --tiles).")
  @Nullable Double buffer;

  @Option(
      names = "--level",
      paramLabel = "D",
      description =
          "Only the octree nodes down to depth D (COPC); combines with the slices, --tiles, --bbox,"
              + " --polygon and --buffer.")
  @Nullable Integer level;

  @Option(
      names = "--resolution",
      paramLabel = "R",
      description =
          "Only the octree nodes down to the first depth whose point spacing is at most R (COPC);"
              + " combines like --level.")
  @Nullable Double resolution;

  /** Rejects parameters out of range as bad usage, before any I/O. */
  void validate(CommandSpec spec) {
    if (slices < 1) {
      throw new ParameterException(
          spec.commandLine(), "--slices must be at least 1 (got " + slices + ")");
    }
    try {
      if (strategy != null) {
        PartitionRequest.Kind.named(strategy);
      }
      if (bbox != null) {
        PartitionRequest.BoundingBox.parse(bbox);
      }
      if (tiles != null) {
        PartitionRequest.TileGrid.of(tiles);
      }
      if (level != null && resolution != null) {
        throw new IllegalArgumentException("--level and --resolution cannot be combined");
      }
      if (level != null) {
        new PartitionRequest.Level(level);
      }
      if (resolution != null) {
        new PartitionRequest.Resolution(resolution);
      }
      if (buffer != null && !(buffer >= 0)) {
        throw new IllegalArgumentException(
            "--buffer must be zero or positive (got " + buffer + ")");
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The request these options stand for, with the format's default strategy if none is named. */
  PartitionRequest request(CloudObject co) throws IOException {
    PartitionRequest request;
    if (polygon != null) {
      request = new PartitionRequest.Polygon(polygon);
    } else if (bbox != null) {
      request = PartitionRequest.BoundingBox.parse(bbox);
    } else if (tiles != null) {
      request = PartitionRequest.TileGrid.of(tiles);
    } else {
      String s = strategy != null ? strategy : co.format().info().requests().get(0).id();
      request = PartitionRequest.of(s, slices);
    }
    if (level != null) {
      request = new PartitionRequest.Level(level, request);
    } else if (resolution != null) {
      request = new PartitionRequest.Resolution(resolution, request);
    }
    return buffer == null ? request : new PartitionRequest.Buffered(request, buffer);
  }

  /**
   * Rejects a request the object's format does not support as bad usage (exit code 2), before the
   * object is preprocessed.
   */
  void checkSupported(CommandSpec spec, CloudObject co) throws IOException {
    PartitionRequest request = request(co);
    var refusal = co.format().info().refusal(request);
    if (refusal.isPresent()) {
      throw new ParameterException(
          spec.commandLine(), "Format " + co.format().id() + " " + refusal.get());
    }
  }

  /** The slices; when fewer were made than asked for, says so once on standard error. */
  List<DataSlice> partition(CloudObject co) throws IOException {
    Partition slices = co.partition(request(co));
    slices.shortfall().ifPresent(note -> System.err.println("dataplug: " + note));
    return slices;
  }
}
