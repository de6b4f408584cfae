package io.dataplug.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectChangedException;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectMetadata;
import io.dataplug.storage.ObjectStore;
import io.dataplug.storage.WritableObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ObjectStore}, run against every store (Trino's and Guava's style): ranges
 * at the start, middle and end, zero-length ranges, 1-byte reads, ranges past the end, a missing
 * object, ETag pinning, and request/byte counting.
 */
public abstract class AbstractObjectStoreContractTest {
  protected static final int SIZE = 3 << 20;
  protected byte[] data;
  protected ObjectLocation location;

  /** Stages {@code bytes} under {@code name} and returns a location the store under test reads. */
  protected abstract ObjectLocation stage(String name, byte[] bytes) throws IOException;

  /** A location that does not exist in the store under test. */
  protected abstract ObjectLocation missing();

  protected abstract ObjectStore store();

  /** Whether the store detects a replaced object by its ETag. */
  protected boolean detectsReplacement() {
    return true;
  }

  @BeforeEach
  void stageObject() throws IOException {
    data = new byte[SIZE];
    new Random(1).nextBytes(data);
    location = stage("contract/object.bin", data);
  }

  private byte[] read(ByteRange range) throws IOException {
    return store().readFully(location, range, null);
  }

  @Test
  void listsTheObjectsUnderAFolder() throws IOException {
    Assumptions.assumeTrue(store() instanceof WritableObjectStore, "read-only store");
    WritableObjectStore writable = (WritableObjectStore) store();
    String a = stage("listing/a.txt", new byte[] {1}).toString();
    ObjectLocation folder = ObjectLocation.of(a.substring(0, a.length() - "/a.txt".length()));
    stage("listing/sub/b.txt", new byte[] {2});
    stage("listing-sibling.txt", new byte[] {3});
    assertThat(writable.list(folder)).containsExactlyInAnyOrder("a.txt", "sub/b.txt");
    assertThat(writable.list(ObjectLocation.of(a.replace("listing/a.txt", "no-such-folder"))))
        .isEmpty();
  }

  @Test
  void metadataReportsSizeAndEtag() throws IOException {
    ObjectMetadata meta = store().metadata(location);
    assertThat(meta.size()).isEqualTo(SIZE);
    assertThat(meta.etagIfKnown()).isPresent();
  }

  @Test
  void readsRangesAtStartMiddleAndEnd() throws IOException {
    assertThat(read(new ByteRange(0, 100))).isEqualTo(Arrays.copyOfRange(data, 0, 100));
    assertThat(read(new ByteRange(1_000_000, 70_000)))
        .isEqualTo(Arrays.copyOfRange(data, 1_000_000, 1_070_000));
    assertThat(read(new ByteRange(SIZE - 10, 10)))
        .isEqualTo(Arrays.copyOfRange(data, SIZE - 10, SIZE));
    assertThat(read(new ByteRange(0, SIZE))).isEqualTo(data);
  }

  @Test
  void zeroLengthRangeIsEmpty() throws IOException {
    assertThat(read(new ByteRange(5, 0))).isEmpty();
    assertThat(read(new ByteRange(SIZE, 0))).isEmpty();
  }

  @Test
  void oneBytePiecesEqualTheWholeRange() throws IOException {
    ByteRange range = new ByteRange(12_345, 4_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = store().newStream(location, range, null)) {
      int b;
      while ((b = in.read()) >= 0) {
        out.write(b);
      }
    }
    assertThat(out.toByteArray()).isEqualTo(read(range));
  }

  @Test
  void closingEarlyDoesNotReadTheRest() throws IOException {
    try (InputStream in = store().newStream(location, new ByteRange(0, SIZE), null)) {
      assertThat(in.read()).isEqualTo(data[0] & 0xff);
    }
  }

  @Test
  void rangePastTheEndFails() {
    assertThatThrownBy(() -> read(new ByteRange(SIZE - 5, 10)))
        .isInstanceOf(EOFException.class)
        .hasMessageContaining(location.toString());
  }

  @Test
  void missingObjectIsFileNotFound() {
    ObjectLocation missing = missing();
    assertThatThrownBy(() -> store().metadata(missing))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining(missing.toString());
    assertThatThrownBy(() -> store().readFully(missing, new ByteRange(0, 1), null))
        .isInstanceOf(FileNotFoundException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void etagPinsTheObjectVersion() throws IOException {
    String etag = store().metadata(location).etag();
    assertThat(store().readFully(location, new ByteRange(0, 10), etag)).hasSize(10);
    if (detectsReplacement()) {
      byte[] other = data.clone();
      other[0] ^= 1;
      other[SIZE - 1] ^= 1;
      stage("contract/object.bin", Arrays.copyOf(other, SIZE + 1));
      assertThatThrownBy(() -> store().readFully(location, new ByteRange(0, 10), etag))
          .isInstanceOf(ObjectChangedException.class)
          .hasMessageContaining(location.toString());
    }
  }

  @Test
  void countsRequestsAndBytesPerTask() throws IOException {
    try (IoStats.TaskScope scope = IoStats.beginTask()) {
      read(new ByteRange(0, 1000));
      read(new ByteRange(2000, 500));
      assertThat(scope.stats().requests()).isEqualTo(2);
      assertThat(scope.stats().bytes()).isEqualTo(1500);
    }
    long before = store().stats().bytes();
    read(new ByteRange(0, 10));
    assertThat(store().stats().bytes() - before).isEqualTo(10);
  }
}
