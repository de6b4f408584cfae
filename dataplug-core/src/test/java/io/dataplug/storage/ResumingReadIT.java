package io.dataplug.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.CloudObject;
import io.dataplug.Slices;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.s3.S3ObjectStore;
import io.dataplug.testing.FaultProxy;
import io.dataplug.testing.FaultProxy.Fault;
import io.dataplug.testing.S3TestServer;
import io.dataplug.testing.SharedTestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Reads resume after a body cut mid-way, through a fault-injecting proxy in front of the embedded
 * S3 server: for the S3 store and the HTTP store, for range reads, unpinned reads and the whole
 * object stream of preprocessing; a replaced object fails with {@link ObjectChangedException}
 * instead of mixing versions; a read that never progresses gives up after its attempts.
 */
class ResumingReadIT {
  private static final byte[] DATA = random(300_000, 7);

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static ObjectLocation stage(String bucket, String key, byte[] data) throws IOException {
    ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/" + key);
    S3TestServer.store().put(location, data);
    return location;
  }

  /** Cuts the first {@code cuts} GETs with {@code fault}, passes the rest. */
  private static FaultProxy cutFirstGets(int cuts, Fault fault) throws IOException {
    AtomicInteger gets = new AtomicInteger();
    return new FaultProxy(
        S3TestServer.port(),
        (n, line) ->
            line.startsWith("GET ") && gets.incrementAndGet() <= cuts ? fault : Fault.NONE);
  }

  private static S3ObjectStore s3Through(FaultProxy proxy, int attempts) {
    return new S3ObjectStore(
        new StoreConfig(proxy.endpoint(), "us-east-1", true, 1).withMaxAttempts(attempts));
  }

  @Test
  void aRangeReadCutAndResetMidBodyResumesWhereItStopped() throws IOException {
    ObjectLocation location = stage(S3TestServer.newBucket("resume"), "data.bin", DATA);
    String etag = S3TestServer.store().metadata(location).etag();
    for (Fault fault : new Fault[] {Fault.RESET_MID_BODY, Fault.TRUNCATED_BODY}) {
      try (FaultProxy proxy = cutFirstGets(2, fault);
          S3ObjectStore store = s3Through(proxy, 3);
          RangeReader reader = store.newReader(location, etag)) {
        ByteRange range = new ByteRange(10_000, 200_000);
        assertThat(reader.readFully(range))
            .as("%s", fault)
            .isEqualTo(Arrays.copyOfRange(DATA, 10_000, 210_000));
        assertThat(proxy.injected(fault)).isEqualTo(2);
        assertThat(store.stats().resumes()).as("%s", fault).isEqualTo(2);
        assertThat(store.stats().retries()).isGreaterThanOrEqualTo(2);
        // the first request got half the range, the second half of the rest, the third the rest
        assertThat(store.stats().requests()).isEqualTo(3);
      }
    }
  }

  @Test
  void everyFaultOnEveryKindOfRequestIsSurvived() throws IOException {
    String bucket = S3TestServer.newBucket("resume-kinds");
    Fault[] cycle = {Fault.SLOW_DOWN_503, Fault.ERROR_500, Fault.RESET_MID_BODY, Fault.SLOW};
    java.util.Map<String, AtomicInteger> byMethod = new java.util.concurrent.ConcurrentHashMap<>();
    try (FaultProxy proxy =
            new FaultProxy(
                S3TestServer.port(),
                (n, line) -> {
                  String method = line.substring(0, line.indexOf(' '));
                  int k =
                      byMethod.computeIfAbsent(method, m -> new AtomicInteger()).getAndIncrement();
                  return cycle[k % cycle.length];
                });
        S3ObjectStore store = s3Through(proxy, 5)) {
      for (int i = 0; i < 3; i++) {
        ObjectLocation location = ObjectLocation.of("s3://" + bucket + "/k/" + i + ".bin");
        store.put(location, DATA);
        assertThat(store.metadata(location).size()).isEqualTo(DATA.length);
        try (RangeReader reader = store.newReader(location, null)) {
          assertThat(reader.readFully(new ByteRange(i, 50_000)))
              .isEqualTo(Arrays.copyOfRange(DATA, i, i + 50_000));
        }
      }
      assertThat(store.list(ObjectLocation.of("s3://" + bucket + "/k")))
          .containsExactlyInAnyOrder("0.bin", "1.bin", "2.bin");
      for (String method : new String[] {"GET", "HEAD", "PUT"}) {
        for (Fault f : cycle) {
          assertThat(proxy.injected(f, method)).as("%s on %s", f, method).isPositive();
        }
      }
      assertThat(store.stats().resumes()).isPositive();
    }
  }

  @Test
  void theWholeObjectStreamResumesByteForByte() throws IOException {
    ObjectLocation location = stage(S3TestServer.newBucket("resume-all"), "all.bin", DATA);
    try (FaultProxy proxy = cutFirstGets(3, Fault.RESET_MID_BODY);
        S3ObjectStore store = s3Through(proxy, 4);
        RangeReader reader = store.newReader(location, null);
        InputStream in = reader.stream(new ByteRange(0, DATA.length))) {
      assertThat(in.readAllBytes()).isEqualTo(DATA);
      assertThat(store.stats().resumes()).isEqualTo(3);
      assertThat(store.stats().bytes()).isLessThan(DATA.length * 2L);
    }
  }

  @Test
  void theStoresReadFullyResumesToo() throws IOException {
    ObjectLocation location = stage(S3TestServer.newBucket("resume-rf"), "rf.bin", DATA);
    try (FaultProxy proxy = cutFirstGets(1, Fault.RESET_MID_BODY);
        S3ObjectStore store = s3Through(proxy, 2)) {
      assertThat(store.readFully(location, new ByteRange(5, 100_000), null))
          .isEqualTo(Arrays.copyOfRange(DATA, 5, 100_005));
      assertThat(store.stats().resumes()).isEqualTo(1);
    }
  }

  @Test
  void anObjectReplacedBeforeTheResumeFailsInsteadOfMixingVersions() throws IOException {
    String bucket = S3TestServer.newBucket("resume-changed");
    ObjectLocation location = stage(bucket, "v.bin", DATA);
    byte[] other = random(DATA.length, 8);
    for (boolean pinned : new boolean[] {true, false}) {
      stage(bucket, "v.bin", DATA);
      String etag = S3TestServer.store().metadata(location).etag();
      AtomicInteger gets = new AtomicInteger();
      try (FaultProxy proxy =
              new FaultProxy(
                  S3TestServer.port(),
                  (n, line) -> {
                    if (!line.startsWith("GET ")) {
                      return Fault.NONE;
                    }
                    if (gets.incrementAndGet() == 2) {
                      try { // replaced between the cut and the resume
                        S3TestServer.store().put(location, other);
                      } catch (IOException e) {
                        throw new UncheckedIOException(e);
                      }
                    }
                    return gets.get() == 1 ? Fault.RESET_MID_BODY : Fault.NONE;
                  });
          S3ObjectStore store = s3Through(proxy, 3);
          RangeReader reader = store.newReader(location, pinned ? etag : null)) {
        assertThatThrownBy(() -> reader.readFully(new ByteRange(0, DATA.length)))
            .as("pinned: %s", pinned)
            .isInstanceOf(ObjectChangedException.class)
            .hasMessageContaining(location.toString());
      }
    }
  }

  @Test
  void aReadThatNeverProgressesGivesUpAfterItsAttempts() throws IOException {
    ObjectLocation location = stage(S3TestServer.newBucket("resume-never"), "n.bin", DATA);
    try (FaultProxy proxy =
            new FaultProxy(
                S3TestServer.port(),
                (n, line) -> line.startsWith("GET ") ? Fault.ERROR_500 : Fault.NONE);
        S3ObjectStore store = s3Through(proxy, 2);
        RangeReader reader = store.newReader(location, null)) {
      assertThatThrownBy(() -> reader.readFully(new ByteRange(100, 1000)))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith(
              "Read of "
                  + location
                  + " [100, 1100) failed at byte 100 after 2 attempts in a row: ");
      // two attempts of the reader, each two attempts of the S3 client
      assertThat(proxy.injected(Fault.ERROR_500)).isEqualTo(4);
    }
  }

  @Test
  void preprocessingAndSliceReadsResumeOnAText() throws IOException {
    // GROUND_TRUTH.md: HiSeq.10000.vcf has 9965 records, 35 ## lines and the #CHROM line.
    Path vcf = SharedTestData.file("vcf/HiSeq.10000.vcf");
    String bucket = S3TestServer.newBucket("resume-job");
    ObjectLocation location = stage(bucket, "HiSeq.10000.vcf", Files.readAllBytes(vcf));
    // every other GET of an object is cut half-way and reset: the format probe, the whole-object
    // pass of preprocessing, the manifest and index blobs, and the slices' ranges (listings, which
    // preprocessing sends to clean up, are sent again by the store, not resumed: not cut here)
    AtomicInteger gets = new AtomicInteger();
    try (FaultProxy proxy =
        new FaultProxy(
            S3TestServer.port(),
            (n, line) ->
                line.startsWith("GET ")
                        && !line.contains("list-type=")
                        && gets.incrementAndGet() % 2 == 1
                    ? Fault.RESET_MID_BODY
                    : Fault.NONE)) {
      StoreConfig config = new StoreConfig(proxy.endpoint(), "us-east-1", true, 5);
      IoStats stats = ObjectStores.shared(location, config).stats();
      CloudObject co = CloudObject.builder(location).storeConfig(config).format("text").build();
      co.preprocess();
      long resumesOfPreprocessing = stats.resumes();
      assertThat(resumesOfPreprocessing).isPositive();
      long records = 0;
      for (DataSlice slice : co.partition("slices", 4)) {
        records += Slices.countRecords(slice);
      }
      assertThat(records).isEqualTo(9965 + 35 + 1);
      assertThat(stats.resumes()).isGreaterThan(resumesOfPreprocessing);
      assertThat(proxy.injected(Fault.RESET_MID_BODY)).isEqualTo(stats.resumes());
    }
  }
}
