package io.dataplug.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataplug.CloudObject;
import io.dataplug.DataSlice;
import io.dataplug.format.PartitionStrategy;
import io.dataplug.format.RecordReader;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.IoStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The partition contract every format must keep, as a reusable check: for each number of slices,
 * every record of the object is in exactly one slice, in order; slices are contiguous and do not
 * overlap; each slice fetches exactly its own bytes; slices survive JSON and Java serialization;
 * reading a slice in 1-byte pieces gives the bytes read whole; the header plus all slices' contents
 * reproduce the object.
 *
 * <p>The expected records must come from an independent oracle (a third-party parser or tool, or
 * the format's specification applied by hand), never from the code under test.
 */
public final class PartitionContract {
  /**
   * What a gzip slice fetches besides its range: its window, at most 32 KiB stored plus framing.
   */
  public static final long GZIP_WINDOW_FETCH = 33 << 10;

  private final CloudObject object;
  private final List<?> expected;
  private final Function<Object, Object> normalize;
  private final long extraFetch;

  private PartitionContract(
      CloudObject object, List<?> expected, Function<Object, Object> normalize, long extraFetch) {
    this.object = object;
    this.expected = expected;
    this.normalize = normalize;
    this.extraFetch = extraFetch;
  }

  /** The contract for a (not yet preprocessed) object whose records the oracle gave. */
  public static PartitionContract of(CloudObject object, List<?> expectedRecords) {
    return new PartitionContract(object, List.copyOf(expectedRecords), r -> r, 0);
  }

  /** Maps each record before comparing (e.g. a FASTQ record to its string form). */
  public PartitionContract comparing(Function<Object, Object> normalizer) {
    return new PartitionContract(object, expected, normalizer, extraFetch);
  }

  /**
   * Lets a slice fetch up to {@code bytes} more than its ranges (a compressed slice fetches its
   * window from the index and may run past its planned end for its last record); without this, a
   * slice must fetch exactly its ranges.
   */
  public PartitionContract allowingExtraFetch(long bytes) {
    return new PartitionContract(object, expected, normalize, bytes);
  }

  /** Checks every n from 1 to two more slices than records. */
  public void checkAllSliceCounts(byte[] content) throws IOException {
    List<Integer> counts = new ArrayList<>();
    for (int n = 1; n <= expected.size() + 2; n++) {
      counts.add(n);
    }
    check(content, counts);
  }

  /**
   * Preprocesses the object and checks the contract for each number of slices, by the {@code
   * slices} strategy and by the {@code bytes} strategy with the matching slice size.
   *
   * @param content the object's (decompressed) bytes, for the cat check
   */
  public void check(byte[] content, List<Integer> sliceCounts) throws IOException {
    object.preprocess();
    assertThat(object.isPreprocessed()).isTrue();
    long size = object.metadata().size();
    for (int n : sliceCounts) {
      List<DataSlice> bySlices = object.partition(PartitionStrategy.SLICES, n);
      assertThat(bySlices).as("slices for n=%d", n).hasSize(n);
      checkSlices(bySlices, "slices n=" + n, size);
      long bytes = Math.max(1, (size + n - 1) / n);
      checkSlices(object.partition(PartitionStrategy.BYTES, bytes), "bytes " + bytes, size);
    }
    List<DataSlice> some =
        object.partition(PartitionStrategy.SLICES, Math.min(3, expected.size() + 1));
    for (DataSlice slice : some) {
      checkRoundTrips(slice);
      checkOneBytePieces(slice);
    }
    checkCat(object.partition(PartitionStrategy.SLICES, Math.min(4, expected.size() + 1)), content);
  }

  private void checkSlices(List<DataSlice> slices, String what, long size) throws IOException {
    List<Object> records = new ArrayList<>();
    long next = -1;
    long start = 0;
    long expectedFirst = 0;
    for (DataSlice slice : slices) {
      assertThat(slice.count()).isEqualTo(slices.size());
      for (ByteRange r : slice.ranges()) {
        assertThat(r.end()).as("%s: %s inside the object", what, slice).isLessThanOrEqualTo(size);
        if (next >= 0 && extraFetch == 0) {
          assertThat(r.offset())
              .as("%s: %s continues the previous slice", what, slice)
              .isEqualTo(next);
        } else if (next >= 0) {
          // compressed slices start at a checkpoint at or before their data and may overlap by
          // their tail slack
          assertThat(r.offset())
              .as("%s: %s starts no earlier than the previous slice", what, slice)
              .isGreaterThanOrEqualTo(start);
        }
        start = r.offset();
        next = r.end();
      }
      List<Object> sliceRecords = new ArrayList<>();
      try (IoStats.TaskScope scope = IoStats.beginTask();
          RecordReader<?> reader = slice.newRecordReader()) {
        while (reader.advance()) {
          sliceRecords.add(normalize.apply(reader.current()));
        }
        if (extraFetch == 0) {
          assertThat(scope.stats().bytes())
              .as("%s: %s fetched exactly its bytes", what, slice)
              .isEqualTo(slice.length());
        } else {
          assertThat(scope.stats().bytes())
              .as("%s: %s fetched at most its bytes + %d", what, slice, extraFetch)
              .isLessThanOrEqualTo(slice.length() + extraFetch);
        }
      }
      try (RecordReader<?> reader = slice.newRecordReader()) {
        assertThat(reader.count())
            .as("%s: count() of %s", what, slice)
            .isEqualTo(sliceRecords.size());
      }
      assertThat(slice.summarize())
          .as("%s: summarize() of %s", what, slice)
          .containsEntry("records", (long) sliceRecords.size());
      records.addAll(sliceRecords);
      expectedFirst += sliceRecords.size();
    }
    assertThat(expectedFirst).isEqualTo(records.size());
    List<Object> want = expected.stream().map(normalize).toList();
    assertThat(records).as("%s: records of all slices, in order", what).isEqualTo(want);
  }

  private static void checkRoundTrips(DataSlice slice) throws IOException {
    String json = slice.toJson();
    assertThat(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .as("JSON size of %s", slice)
        .isLessThan(1024);
    assertThat(DataSlice.fromJson(json)).isEqualTo(slice);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(slice);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(slice);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }

  private static void checkOneBytePieces(DataSlice slice) throws IOException {
    byte[] whole;
    try (InputStream in = slice.openContent()) {
      whole = in.readAllBytes();
    }
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    try (InputStream in = slice.openContent()) {
      byte[] one = new byte[1];
      int n;
      while ((n = in.read(one, 0, 1)) >= 0) {
        pieces.write(one, 0, n);
      }
    }
    assertThat(pieces.toByteArray()).as("1-byte reads of %s", slice).isEqualTo(whole);
  }

  private static void checkCat(List<DataSlice> slices, byte[] content) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream header = slices.get(0).openHeader()) {
      header.transferTo(out);
    }
    for (DataSlice slice : slices) {
      try (InputStream in = slice.openContent()) {
        in.transferTo(out);
      }
    }
    assertThat(out.toByteArray()).as("header + all slices = the object").isEqualTo(content);
  }
}
