package io.dataplug.formats.geospatial.copc;

import io.dataplug.format.Preprocessing;
import io.dataplug.formats.geospatial.copc.CopcFormat.CopcIndexSummary;
import io.dataplug.formats.geospatial.las.LasHeader;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.StoreConfig;
import io.dataplug.testing.BytesReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs every parser of the {@code copc} format on an object's bytes, for the mutation fuzz test:
 * the format's preprocessing (header, info VLR, every hierarchy page, the node checks), the node
 * index it wrote read back, and a slice's header parsed from the bytes before the point data.
 */
public final class CopcParsing {
  private CopcParsing() {}

  /**
   * Parses {@code data} as {@code copc} does.
   *
   * @throws IOException (a {@code MalformedDataException} or {@code EOFException}) if it is not a
   *     valid COPC object
   */
  public static void exercise(String name, byte[] data) throws IOException {
    BytesReader reader = BytesReader.of(name, data);
    ObjectLocation location = reader.location();
    ObjectStore store =
        new ObjectStore() {
          private final IoStats stats = new IoStats();

          @Override
          public ObjectMetadata metadata(ObjectLocation l) {
            return new ObjectMetadata(data.length, null, -1);
          }

          @Override
          public InputStream newStream(ObjectLocation l, ByteRange range, @Nullable String etag)
              throws IOException {
            return reader.stream(range);
          }

          @Override
          public IoStats stats() {
            return stats;
          }
        };
    Map<String, byte[]> blobs = new HashMap<>();
    Preprocessing job =
        new Preprocessing(
            location,
            store.metadata(location),
            l -> store,
            StoreConfig.defaults(),
            Map.of(),
            blobs::put,
            bytes -> {});
    new CopcFormat().preprocess(job);
    CopcIndexSummary s = job.summaryIfSet(CopcIndexSummary.class).orElseThrow();
    CopcNodeIndex.parse(
        blobs.get(CopcFormat.NODES),
        ObjectLocation.of(location + ".dataplug/nodes"),
        s.pointDataOffset() + 8,
        data.length,
        s.points());
    LasHeader.parseHead(reader, reader.readFully(new ByteRange(0, s.pointDataOffset())));
  }
}
