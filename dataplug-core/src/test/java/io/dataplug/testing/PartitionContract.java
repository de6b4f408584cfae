package io.dataplug.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.format.ContentFormat;
import io.dataplug.format.FormatInfo;
import io.dataplug.format.RecordReader;
import io.dataplug.partition.PartitionRequest;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.ObjectRef;
import io.dataplug.slice.Partition;
import io.dataplug.slice.SliceRange;
import io.dataplug.storage.IoStats;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The partition contract every format must keep, as a reusable check. For each request: every
 * record of the object is in exactly one slice (in object order, unless the format's slices are
 * tiles); ranges lie inside their objects (and, for formats whose slices are runs of the object,
 * follow one another without overlap); each slice fetches exactly its own bytes (or at most a
 * declared extra), and every one of those requests goes through the stores the reader was given;
 * slices survive JSON and Java serialization under 1 KB; and, for formats whose slices are runs of
 * the object ({@link ContentFormat}), reading a slice in 1-byte pieces gives the bytes read whole
 * and the header plus all slices' contents reproduce the object.
 *
 * <p>The expected records must come from an independent oracle (a third-party parser or tool, or
 * the format's specification applied by hand), never from the code under test.
 */
public final class PartitionContract {
  /**
   * What a gzip slice fetches besides its range: its window, at most 32 KiB stored plus framing.
   */
  public static final long GZIP_WINDOW_FETCH = 33 << 10;

  /**
   * What all slices of a {@code Slices(n)} request may fetch together beyond the objects' bytes
   * (plus 5% of them): per slice, one gzip window (32 KiB) and one BGZF block (64 KiB), the most a
   * slice must read to start at and end on a resume point.
   */
  public static final long SLICE_FETCH_ALLOWANCE = (32 << 10) + (64 << 10);

  /** The slice counts whose total fetch every format's contract checks against the bound. */
  public static final List<Integer> FETCH_BOUND_COUNTS = List.of(1, 8, 32);

  private final CloudObject object;
  private final List<?> expected;
  private final Function<Object, Object> normalize;
  private final Predicate<Object> own;
  private final Function<Object, List<?>> expand;
  private final long extraFetch;
  private final boolean tiles;
  private final long sliceFetch;
  private final String sliceFetchReason;

  private PartitionContract(
      CloudObject object,
      List<?> expected,
      Function<Object, Object> normalize,
      Predicate<Object> own,
      Function<Object, List<?>> expand,
      long extraFetch,
      boolean tiles,
      long sliceFetch,
      String sliceFetchReason) {
    this.object = object;
    this.expected = expected;
    this.normalize = normalize;
    this.own = own;
    this.expand = expand;
    this.extraFetch = extraFetch;
    this.tiles = tiles;
    this.sliceFetch = sliceFetch;
    this.sliceFetchReason = sliceFetchReason;
  }

  /** The contract for a (not yet preprocessed) object whose records the oracle gave. */
  public static PartitionContract of(CloudObject object, List<?> expectedRecords) {
    return new PartitionContract(
        object,
        List.copyOf(expectedRecords),
        r -> r,
        r -> true,
        List::of,
        0,
        false,
        SLICE_FETCH_ALLOWANCE,
        "");
  }

  /** Maps each record before comparing (e.g. a FASTQ record to its string form). */
  public PartitionContract comparing(Function<Object, Object> normalizer) {
    return new PartitionContract(
        object, expected, normalizer, own, expand, extraFetch, tiles, sliceFetch, sliceFetchReason);
  }

  /**
   * Lets a slice fetch up to {@code bytes} more than its ranges (a compressed slice fetches its
   * window from the index and may run past its planned end for its last record); without this, a
   * slice must fetch exactly its ranges.
   */
  public PartitionContract allowingExtraFetch(long bytes) {
    return new PartitionContract(
        object, expected, normalize, own, expand, bytes, tiles, sliceFetch, sliceFetchReason);
  }

  /**
   * For formats whose slices are tiles: ranges may be scattered and shared between slices, and the
   * records of all slices together equal the object's in any order; only records {@code own}
   * accepts (not buffer records) count towards exactly-once.
   */
  public PartitionContract asTiles(Predicate<Object> own) {
    return new PartitionContract(
        object, expected, normalize, own, expand, extraFetch, true, sliceFetch, sliceFetchReason);
  }

  /**
   * Raises what each slice of {@code Slices(n)} may fetch beyond the objects' bytes, from {@link
   * #SLICE_FETCH_ALLOWANCE} to {@code bytes}, for a documented reason that the assertion shows (a
   * single-member gzip object resumes only at byte-aligned deflate block boundaries).
   */
  public PartitionContract allowingSliceFetch(long bytes, String reason) {
    if (reason.isBlank()) {
      throw new IllegalArgumentException("say why the fetch bound is raised");
    }
    return new PartitionContract(
        object, expected, normalize, own, expand, extraFetch, tiles, bytes, reason);
  }

  /**
   * For formats whose records are batches (point clouds): each record stands for the items {@code
   * expander} lists, which are what the oracle's records, {@code comparing} and {@code asTiles}
   * speak of.
   */
  public PartitionContract expanding(Function<Object, List<?>> expander) {
    return new PartitionContract(
        object,
        expected,
        normalize,
        own,
        expander,
        extraFetch,
        tiles,
        sliceFetch,
        sliceFetchReason);
  }

  /** Checks every n from 1 to two more slices than records. */
  public void checkAllSliceCounts(byte @Nullable [] content) throws IOException {
    List<Integer> counts = new ArrayList<>();
    for (int n = 1; n <= expected.size() + 2; n++) {
      counts.add(n);
    }
    check(content, counts);
  }

  /**
   * Preprocesses the object and checks the contract for each number of slices, by {@code Slices(n)}
   * and, where the format supports it, by {@code TargetBytes} with the matching size.
   *
   * @param content the object's (decompressed) bytes, for the cat check; null for formats whose
   *     slices are not runs of the object
   */
  public void check(byte @Nullable [] content, List<Integer> sliceCounts) throws IOException {
    object.preprocess();
    long size = object.metadata().size();
    List<PartitionRequest> requests = new ArrayList<>();
    boolean bytes = object.format().info().requests().contains(PartitionRequest.Kind.BYTES);
    for (int n : sliceCounts) {
      requests.add(new PartitionRequest.Slices(n));
      if (bytes) {
        requests.add(new PartitionRequest.TargetBytes(Math.max(1, (size + n - 1) / n)));
      }
    }
    checkRequests(content, requests);
  }

  /**
   * Preprocesses the object and checks the contract for each request; then that a request the
   * format does not support is refused with one line naming what it supports.
   */
  public void checkRequests(byte @Nullable [] content, List<PartitionRequest> requests)
      throws IOException {
    object.preprocess();
    assertThat(object.isPreprocessed()).isTrue();
    Map<Integer, Long> sizes = new HashMap<>();
    List<DataSlice> last = List.of();
    for (PartitionRequest request : requests) {
      Partition slices = object.partition(request);
      checkSliceCount(request, slices);
      long fetched = checkSlices(slices, request.toString(), sizes);
      if (request instanceof PartitionRequest.Slices s) {
        checkFetchBound(slices, s.count(), fetched);
      }
      last = slices;
    }
    // every format, whatever its case's requests: Slices(1, 8, 32) stay within the fetch bound
    for (int n : FETCH_BOUND_COUNTS) {
      PartitionRequest.Slices request = new PartitionRequest.Slices(n);
      if (object.format().info().supports(request) && !requests.contains(request)) {
        Partition slices = object.partition(request);
        checkSliceCount(request, slices);
        checkFetchBound(slices, n, readAll(slices));
      }
    }
    for (DataSlice slice : last.subList(0, Math.min(3, last.size()))) {
      checkRoundTrips(slice);
    }
    checkUnsupportedRequestIsRefused();
    if (object.format() instanceof ContentFormat && content != null) {
      List<DataSlice> some =
          object.partition(new PartitionRequest.Slices(Math.min(3, expected.size() + 1)));
      for (DataSlice slice : some) {
        checkOneBytePieces(slice);
      }
      checkCat(
          object.partition(new PartitionRequest.Slices(Math.min(4, expected.size() + 1))), content);
    }
  }

  private long objectSize(DataSlice slice, int object, Map<Integer, Long> sizes)
      throws IOException {
    Long known = sizes.get(object);
    if (known == null) {
      ObjectRef ref = slice.objects().get(object);
      known =
          this.object.stores().storeFor(ref.objectLocation()).metadata(ref.objectLocation()).size();
      sizes.put(object, known);
    }
    return known;
  }

  /**
   * A {@code Slices(n)} request gets at most n slices (tiles may differ), and the partition says
   * when it made fewer.
   */
  private void checkSliceCount(PartitionRequest request, Partition slices) {
    if (request instanceof PartitionRequest.Slices s && !tiles) {
      assertThat(slices.size())
          .as("slices for %s: at most as many as asked", request)
          .isBetween(1, s.count());
      assertThat(slices.shortfall().isPresent())
          .as(
              "%s: %d slices made; the partition says so when fewer than asked",
              request, slices.size())
          .isEqualTo(slices.size() < s.count());
    }
  }

  /** Reads every record of every slice; returns the bytes they fetched. */
  private long readAll(List<DataSlice> slices) throws IOException {
    long fetched = 0;
    for (DataSlice slice : slices) {
      try (IoStats.TaskScope scope = IoStats.beginTask();
          RecordReader<?> reader = Slices.newRecordReader(slice, object.stores())) {
        while (reader.advance()) {
          reader.current();
        }
        fetched += scope.stats().bytes();
      }
    }
    return fetched;
  }

  /**
   * The bound every format keeps on what {@code Slices(n)} fetches in all: the bytes of the objects
   * its slices read (5% slack) plus {@link #SLICE_FETCH_ALLOWANCE} per slice asked for. An object
   * cut into more slices than it has resume points must make fewer slices, not re-read it.
   */
  private void checkFetchBound(List<DataSlice> slices, int n, long fetched) throws IOException {
    Map<String, Long> objects = new HashMap<>();
    for (DataSlice slice : slices) {
      for (ObjectRef ref : slice.objects()) {
        if (!objects.containsKey(ref.location())) {
          objects.put(
              ref.location(),
              object.stores().storeFor(ref.objectLocation()).metadata(ref.objectLocation()).size());
        }
      }
    }
    long size = objects.values().stream().mapToLong(Long::longValue).sum();
    long bound = size + size / 20 + n * sliceFetch;
    assertThat(fetched)
        .as(
            "Slices(%d) of %s: all %d slices fetch at most %,d bytes (objects: %,d bytes)%s",
            n,
            object.location(),
            slices.size(),
            bound,
            size,
            sliceFetchReason.isEmpty() ? "" : "; per slice " + sliceFetch + ": " + sliceFetchReason)
        .isLessThanOrEqualTo(bound);
  }

  /** Checks each slice's records and fetches; returns the bytes all slices fetched. */
  private long checkSlices(List<DataSlice> slices, String what, Map<Integer, Long> sizes)
      throws IOException {
    long fetched = 0;
    List<Object> records = new ArrayList<>();
    long next = -1;
    long start = 0;
    for (DataSlice slice : slices) {
      assertThat(slice.count()).isEqualTo(slices.size());
      for (SliceRange r : slice.ranges()) {
        assertThat(r.end())
            .as("%s: %s inside its object", what, slice)
            .isLessThanOrEqualTo(objectSize(slice, r.object(), sizes));
        if (tiles) {
          continue;
        }
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
      List<Object> sliceOwn = new ArrayList<>();
      long batches = 0;
      CountingStores counting = new CountingStores(object.stores());
      try (IoStats.TaskScope scope = IoStats.beginTask();
          RecordReader<?> reader = Slices.newRecordReader(slice, counting)) {
        while (reader.advance()) {
          batches++;
          for (Object item : expand.apply(reader.current())) {
            Object record = normalize.apply(item);
            sliceRecords.add(record);
            if (own.test(item)) {
              sliceOwn.add(record);
            }
          }
        }
        assertThat(counting.bytes())
            .as("%s: every byte %s fetched went through the stores it was given", what, slice)
            .isEqualTo(scope.stats().bytes());
        fetched += scope.stats().bytes();
        assertThat(counting.requests())
            .as("%s: every request of %s went through the stores it was given", what, slice)
            .isEqualTo(scope.stats().requests());
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
      try (RecordReader<?> reader = Slices.newRecordReader(slice)) {
        assertThat(reader.count()).as("%s: count() of %s", what, slice).isEqualTo(batches);
      }
      assertThat(Slices.summarize(slice))
          .as("%s: summarize() of %s", what, slice)
          .containsEntry("records", (long) sliceOwn.size());
      records.addAll(sliceOwn);
    }
    List<Object> want = expected.stream().map(normalize).toList();
    if (tiles) {
      List<String> got = records.stream().map(String::valueOf).sorted().toList();
      List<String> all = want.stream().map(String::valueOf).sorted().toList();
      assertThat(got).as("%s: the tiles' own records are every record, once", what).isEqualTo(all);
    } else {
      assertThat(records).as("%s: records of all slices, in order", what).isEqualTo(want);
    }
    return fetched;
  }

  private void checkUnsupportedRequestIsRefused() throws IOException {
    FormatInfo info = object.format().info();
    PartitionRequest unsupported = null;
    for (PartitionRequest candidate :
        List.of(
            new PartitionRequest.Slices(2),
            new PartitionRequest.Level(1),
            new PartitionRequest.Regions(2),
            new PartitionRequest.BasesPerSlice(10))) {
      if (!info.supports(candidate)) {
        unsupported = candidate;
        break;
      }
    }
    if (unsupported == null) {
      return;
    }
    PartitionRequest request = unsupported;
    assertThatThrownBy(() -> object.partition(request))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not support '" + request.kind().id() + "'")
        .hasMessageContaining(info.requests().get(0).id());
  }

  private static void checkRoundTrips(DataSlice slice) throws IOException {
    String json = Slices.toJson(slice);
    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .as("JSON size of %s", slice)
        .isLessThan(1024);
    assertThat(json).startsWith("{\"v\":1,");
    assertThat(Slices.fromJson(json)).isEqualTo(slice);
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
    try (InputStream in = Slices.openContent(slice)) {
      whole = in.readAllBytes();
    }
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    try (InputStream in = Slices.openContent(slice)) {
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
    try (InputStream header = Slices.openHeader(slices.get(0))) {
      header.transferTo(out);
    }
    for (DataSlice slice : slices) {
      try (InputStream in = Slices.openContent(slice)) {
        in.transferTo(out);
      }
    }
    assertThat(out.toByteArray()).as("header + all slices = the object").isEqualTo(content);
  }
}
