package io.dataplug.format;

import io.dataplug.partition.PartitionRequest;
import java.io.IOException;
import java.util.List;

/**
 * A data format: how to index an object of it once, how to cut the index into slices, and how a
 * worker reads a slice. Found with {@link java.util.ServiceLoader}; register implementations in
 * {@code META-INF/services/io.dataplug.format.FormatPlugin}. Implementations are stateless and
 * thread-safe, with a public no-argument constructor.
 *
 * <p>Optional abilities are mix-ins: {@link SummarizingFormat} (counters beyond records), {@link
 * ContentFormat} (slices whose bytes concatenate back to the object), {@link ParallelIndexing} (the
 * index built as a map + reduce).
 */
public interface FormatPlugin {
  /** Stable lowercase id, e.g. {@code text}, {@code fastq}, {@code copc}. */
  String id();

  /** What this format is and offers: description, index version, requests, options, hint type. */
  FormatInfo info();

  /**
   * The default value of each option that has a fixed one ({@code compression=auto}, ...). An
   * option given with its default value builds the same index as the option left out, so an index
   * built either way is reused for both.
   */
  default java.util.Map<String, String> optionDefaults() {
    return java.util.Map.of();
  }

  /**
   * How well this format fits an object, for auto-detection: 0 not at all, 1 as a fallback, 2 by
   * its name, 3 by its magic bytes, 4 by a signature within another format's (COPC inside LAS).
   *
   * @param name the object's file name
   * @param head the first bytes of the object (up to 4 KiB; fewer if the object is smaller)
   */
  int detect(String name, byte[] head);

  /**
   * Reads the object once (through {@code job}) and writes its index blobs and attributes.
   *
   * @throws io.dataplug.storage.MalformedDataException naming the object and offset if the data is
   *     not valid
   */
  void preprocess(Preprocessing job) throws IOException;

  /**
   * Cuts an indexed object into slices without reading its data. Called only with requests whose
   * kinds {@link FormatInfo#requests()} lists.
   *
   * @throws IllegalArgumentException for a request out of range for this object
   */
  List<SliceSpec> partition(IndexView index, PartitionRequest request) throws IOException;

  /**
   * Opens a reader over the records of a slice, reading only the slice's ranges through {@code
   * slice}.
   */
  RecordReader<?> newRecordReader(SliceContext slice) throws IOException;
}
