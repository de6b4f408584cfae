package io.dataplug.testing;

import io.dataplug.storage.ByteRange;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory object at {@code mem://test/<name>} that counts its range requests. */
public final class BytesReader implements RangeReader {
  private final ObjectLocation location;
  private final byte[] data;
  private final AtomicInteger requests = new AtomicInteger();

  private BytesReader(String name, byte[] data) {
    this.location = ObjectLocation.of("mem://test/" + name);
    this.data = data;
  }

  public static BytesReader of(String name, byte[] data) {
    return new BytesReader(name, data);
  }

  public static byte[] bytes(Path file) throws java.io.IOException {
    return Files.readAllBytes(file);
  }

  /** The object's bytes (not a copy). */
  public byte[] bytes() {
    return data;
  }

  public int requests() {
    return requests.get();
  }

  @Override
  public ObjectLocation location() {
    return location;
  }

  @Override
  public long size() {
    return data.length;
  }

  @Override
  public InputStream stream(ByteRange range) throws EOFException {
    if (range.end() > data.length) {
      throw new EOFException("Range " + range + " ends past the end of " + location);
    }
    requests.incrementAndGet();
    return new ByteArrayInputStream(data, (int) range.offset(), (int) range.length());
  }
}
