package io.dataplug.format;

import io.dataplug.DataSlice;
import io.dataplug.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * A data format: how to index an object of it once, how to cut the index into slices, and how a
 * worker reads a slice. Found with {@link java.util.ServiceLoader}; register implementations in
 * {@code META-INF/services/io.dataplug.format.FormatPlugin}. Implementations are stateless and
 * thread-safe, with a public no-argument constructor.
 */
public interface FormatPlugin {
  /** Stable lowercase id, e.g. {@code text}, {@code csv}, {@code fastq-gz}. */
  String id();

  /** One line for {@code dataplug formats}. */
  String description();

  /** Version of the index layout; bump it when the layout changes so old indexes are rebuilt. */
  int indexVersion();

  /**
   * How well this format fits an object, for auto-detection: 0 not at all, 1 as a fallback, 2 by
   * its name, 3 by its magic bytes.
   *
   * @param name the object's file name
   * @param head the first bytes of the object (up to 4 KiB; fewer if the object is smaller)
   */
  int detect(String name, byte[] head);

  /** The strategies offered; the first is the default. */
  List<PartitionStrategy> strategies();

  /** The options this format takes, as {@code name: description} lines for help texts. */
  default List<String> options() {
    return List.of();
  }

  /** The record type of this format's hints, for JSON decoding. */
  Class<? extends SliceHint> hintType();

  /** Reads the object once and writes its index blobs and attributes. */
  void preprocess(Preprocessing job) throws IOException;

  /**
   * Cuts an indexed object into slices without reading its data.
   *
   * @param value the strategy's parameter (number of slices, bytes per slice, ...), positive
   * @throws IllegalArgumentException for an unknown strategy or a value out of range
   */
  List<SliceSpec> partition(IndexView index, PartitionStrategy strategy, long value)
      throws IOException;

  /** Opens a reader over the records of a slice, reading only the slice's ranges. */
  RecordReader<?> newRecordReader(DataSlice slice, ObjectStore store) throws IOException;

  /**
   * Counts what is in a slice: at least {@code records}; formats add their own counters (FASTQ and
   * FASTA add {@code bases}). Values from several slices add up.
   */
  default Map<String, Long> summarize(DataSlice slice, ObjectStore store) throws IOException {
    try (RecordReader<?> reader = newRecordReader(slice, store)) {
      return Map.of("records", reader.count());
    }
  }

  /**
   * The slice's content as bytes (decompressed, for compressed formats), excluding any header: the
   * contents of all slices in order, after {@link #newHeaderStream}, equal the object.
   */
  default InputStream newContentStream(DataSlice slice, ObjectStore store) throws IOException {
    return slice.openRawStream();
  }

  /** The object's header bytes (empty for formats without a header). */
  default InputStream newHeaderStream(DataSlice slice, ObjectStore store) throws IOException {
    return InputStream.nullInputStream();
  }
}
