package io.dataplug.formats.geospatial.dem;

import io.dataplug.CloudObject;
import io.dataplug.formats.geospatial.las.Fixtures;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Elevation models of the shared LAS/LAZ fixtures, computed the way an executor would: each slice
 * on its own (through Java serialization, as remote backends ship the job and the slice), then
 * merged. Each fixture is copied to a temporary folder once and indexed there.
 */
final class Dems {
  private static final Map<String, CloudObject> OBJECTS = new ConcurrentHashMap<>();

  private Dems() {}

  /** The indexed copy of a fixture (e.g. {@code las/autzen_trim.las}). */
  static CloudObject object(String fixture) {
    return OBJECTS.computeIfAbsent(
        fixture,
        f -> {
          try {
            Path dir = Files.createTempDirectory("dem");
            dir.toFile().deleteOnExit();
            Path copy = dir.resolve(Path.of(f).getFileName());
            Files.copy(Fixtures.path(f), copy);
            CloudObject co = CloudObject.builder(copy.toString()).format("las").build();
            co.preprocess();
            return co;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /** The configured job for the fixture cut by {@code request}. */
  static DemJob job(String fixture, PartitionRequest request, Map<String, String> values)
      throws IOException {
    return new DemJob().configure(values, object(fixture).partition(request));
  }

  /** The model of the fixture cut by {@code request}, with the job's parameters {@code values}. */
  static ElevationGrid dem(String fixture, PartitionRequest request, Map<String, String> values)
      throws Exception {
    List<DataSlice> slices = object(fixture).partition(request);
    DemJob job = new DemJob().configure(values, slices);
    ElevationGrid total = job.empty();
    for (DataSlice slice : slices) {
      DemJob shipped = roundTrip(job);
      total = job.merge(total, shipped.apply(roundTrip(slice)));
    }
    return total;
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (java.io.ObjectInputStream in =
        new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
