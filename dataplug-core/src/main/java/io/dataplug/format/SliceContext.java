package io.dataplug.format;

import static java.util.Objects.requireNonNull;

import io.dataplug.index.DamagedIndexException;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.ObjectRef;
import io.dataplug.slice.SliceHint;
import io.dataplug.storage.ByteRange;
import io.dataplug.storage.CountingInputStream;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.RangeReader;
import io.dataplug.storage.StoreResolver;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;

/**
 * Everything a format's reader gets for one slice: the slice, a {@link RangeReader} per object
 * pinned to its ETag, the slice's ranges as streams (adjacent ranges of one object coalesced into
 * one request), and access to the index blobs its hint names. Readers reach storage only through
 * this context, so a store that counts or fakes requests sees every one of them.
 *
 * <p>Made by the entry points that read slices ({@code io.dataplug.Slices}); not thread-safe. Its
 * readers live as long as the context.
 */
public final class SliceContext implements Closeable {
  private final DataSlice slice;
  private final StoreResolver stores;
  private final List<RangeReader> readers;
  private final IoStats stats = IoStats.local();

  private SliceContext(DataSlice slice, StoreResolver stores) {
    this.slice = slice;
    this.stores = stores;
    List<RangeReader> rs = new ArrayList<>();
    for (ObjectRef ref : slice.objects()) {
      ObjectLocation location = ref.objectLocation();
      rs.add(new CountingReader(stores.storeFor(location).newReader(location, ref.etag()), stats));
    }
    this.readers = List.copyOf(rs);
  }

  /** A context reading {@code slice} through the stores {@code stores} resolves. */
  public static SliceContext of(DataSlice slice, StoreResolver stores) {
    return new SliceContext(
        requireNonNull(slice, "slice is null"), requireNonNull(stores, "stores is null"));
  }

  public DataSlice slice() {
    return slice;
  }

  /** The slice's hint, cast to the format's hint type. */
  public <H extends SliceHint> H hint(Class<H> type) {
    return slice.hint(type);
  }

  /**
   * What this slice's readers have fetched so far (requests and bytes of its objects; index blobs
   * not included).
   */
  public IoStats stats() {
    return stats;
  }

  /** The primary object's reader. */
  public RangeReader reader() {
    return readers.get(0);
  }

  /**
   * The reader of object {@code object} (0: the primary, 1 and up: the companions).
   *
   * @throws IndexOutOfBoundsException if the slice has no such object
   */
  public RangeReader reader(int object) {
    return readers.get(object);
  }

  /** The primary object's ranges of this slice, in order, as one stream. */
  public InputStream openRanges() throws IOException {
    return openRanges(0);
  }

  /**
   * The slice's ranges of object {@code object}, in order, as one stream. Adjacent ranges are
   * coalesced, so each run of touching ranges is one request, opened when the stream reaches it.
   */
  public InputStream openRanges(int object) throws IOException {
    RangeReader reader = reader(object);
    List<ByteRange> runs = coalesce(slice.rangesOf(object));
    if (runs.isEmpty()) {
      return InputStream.nullInputStream();
    }
    if (runs.size() == 1) {
      return reader.stream(runs.get(0));
    }
    Iterator<ByteRange> it = runs.iterator();
    Enumeration<InputStream> streams =
        new Enumeration<>() {
          @Override
          public boolean hasMoreElements() {
            return it.hasNext();
          }

          @Override
          public InputStream nextElement() {
            try {
              return reader.stream(it.next());
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        };
    return new SequenceInputStream(streams) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        try {
          return super.read(b, off, len);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }

      @Override
      public int read() throws IOException {
        try {
          return super.read();
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
      }
    };
  }

  /**
   * A reader of an index blob (in the sidecar) that the slice's hint names, e.g. a gzip window;
   * sidecar blobs are immutable once their manifest is committed, so reads are not ETag-pinned.
   */
  public RangeReader indexReader(String blobLocation) {
    ObjectLocation location = ObjectLocation.of(blobLocation);
    return new IndexBlobReader(stores.storeFor(location).newReader(location, null), slice);
  }

  /**
   * A reader of an index blob: a blob that is missing or shorter than the slice's entry says is a
   * damaged index, never bad data, and the message says so and how to rebuild it.
   */
  private static final class IndexBlobReader extends ForwardingReader {
    private final DataSlice slice;

    IndexBlobReader(RangeReader reader, DataSlice slice) {
      super(reader);
      this.slice = slice;
    }

    @Override
    public InputStream stream(ByteRange range) throws IOException {
      InputStream in;
      try {
        in = reader.stream(range);
      } catch (java.io.FileNotFoundException e) {
        throw damaged("missing", e);
      } catch (java.io.EOFException e) {
        throw damaged("range " + range + " is past its end", e);
      }
      return new java.io.FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          try {
            return super.read();
          } catch (java.io.EOFException e) {
            throw damaged("range " + range + " is past its end", e);
          }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          try {
            return super.read(b, off, len);
          } catch (java.io.EOFException e) {
            throw damaged("range " + range + " is past its end", e);
          }
        }
      };
    }

    private DamagedIndexException damaged(String problem, IOException cause) {
      return new DamagedIndexException(
          location().toString(), problem, "dataplug preprocess --force " + slice.location(), cause);
    }
  }

  /** A reader that counts what it fetches into the context's stats. */
  private static final class CountingReader extends ForwardingReader {
    private final IoStats stats;

    CountingReader(RangeReader reader, IoStats stats) {
      super(reader);
      this.stats = stats;
    }

    @Override
    public InputStream stream(ByteRange range) throws IOException {
      InputStream in = reader.stream(range);
      stats.addRequest();
      return new CountingInputStream(in, range.length(), stats, location() + " " + range);
    }
  }

  /** A reader that passes location, size and close to another; subclasses wrap its streams. */
  private abstract static class ForwardingReader implements RangeReader {
    final RangeReader reader;

    ForwardingReader(RangeReader reader) {
      this.reader = reader;
    }

    @Override
    public ObjectLocation location() {
      return reader.location();
    }

    @Override
    public long size() throws IOException {
      return reader.size();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** Ranges in order, with each run of touching ranges merged into one. */
  static List<ByteRange> coalesce(List<ByteRange> ranges) {
    List<ByteRange> out = new ArrayList<>(ranges.size());
    for (ByteRange r : ranges) {
      if (r.isEmpty()) {
        continue;
      }
      int last = out.size() - 1;
      if (last >= 0 && out.get(last).end() == r.offset()) {
        out.set(last, ByteRange.between(out.get(last).offset(), r.end()));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public void close() throws IOException {
    for (RangeReader r : readers) {
      r.close();
    }
  }

  @Override
  public String toString() {
    return "SliceContext(" + slice + ")";
  }
}
