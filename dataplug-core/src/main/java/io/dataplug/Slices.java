package io.dataplug;

import static java.util.Objects.requireNonNull;

import io.dataplug.format.ContentFormat;
import io.dataplug.format.FormatPlugin;
import io.dataplug.format.FormatRegistry;
import io.dataplug.format.RecordReader;
import io.dataplug.format.SliceContext;
import io.dataplug.format.SliceSummary;
import io.dataplug.format.SummarizingFormat;
import io.dataplug.format.WritingFormat;
import io.dataplug.slice.DataSlice;
import io.dataplug.slice.SliceJson;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreResolver;
import io.dataplug.storage.WritableObjectStore;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The entry points that read a {@link DataSlice} on a worker: they find its format, resolve its
 * stores (from the slice's store configuration, or through a {@link StoreResolver} given), and hand
 * the format one {@link SliceContext}. Everything a slice fetches goes through them.
 *
 * <pre>{@code
 * try (RecordReader<?> reader = Slices.newRecordReader(slice)) {
 *   while (reader.advance()) { ... reader.current() ... }
 * }
 * }</pre>
 */
public final class Slices {
  private Slices() {}

  /** Opens a reader over the slice's records. The caller closes it. */
  public static RecordReader<?> newRecordReader(DataSlice slice) throws IOException {
    return newRecordReader(slice, defaultStores(slice));
  }

  /** Opens a reader over the slice's records, reading through {@code stores}. */
  public static RecordReader<?> newRecordReader(DataSlice slice, StoreResolver stores)
      throws IOException {
    SliceContext context = SliceContext.of(slice, stores);
    RecordReader<?> reader;
    try {
      reader = format(slice).newRecordReader(context);
    } catch (IOException | RuntimeException e) {
      context.close();
      throw e;
    }
    return closingBoth(reader, context);
  }

  /**
   * Opens a reader over the slice's records, checked to be of {@code type}.
   *
   * @throws ClassCastException on the first record if the format's records are of another type
   */
  public static <R> RecordReader<R> newRecordReader(DataSlice slice, Class<R> type)
      throws IOException {
    RecordReader<?> reader = newRecordReader(slice);
    return new RecordReader<>() {
      @Override
      public boolean advance() throws IOException {
        return reader.advance();
      }

      @Override
      public R current() {
        return type.cast(reader.current());
      }

      @Override
      public long count() throws IOException {
        return reader.count();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }

  /** Counts the slice's records by reading them (formats scan fast where they can). */
  public static long countRecords(DataSlice slice) throws IOException {
    try (RecordReader<?> reader = newRecordReader(slice)) {
      return reader.count();
    }
  }

  /**
   * Counts the slice's records and the format's other counters (such as bases); values from several
   * slices add up. {@link #summary} has the same counters and the ranges of the values too.
   */
  public static Map<String, Long> summarize(DataSlice slice) throws IOException {
    return summary(slice).counts();
  }

  /**
   * The slice's counters (as {@link #summarize}) and, for formats that report them, the ranges of
   * its values (the bounds of a point cloud); see {@link SliceSummary} for how they merge.
   */
  public static SliceSummary summary(DataSlice slice) throws IOException {
    return summary(slice, defaultStores(slice));
  }

  /** {@link #summary(DataSlice)}, reading through {@code stores}. */
  public static SliceSummary summary(DataSlice slice, StoreResolver stores) throws IOException {
    FormatPlugin format = format(slice);
    try (SliceContext context = SliceContext.of(slice, stores)) {
      if (format instanceof SummarizingFormat s) {
        return s.summary(context);
      }
      try (RecordReader<?> reader = format.newRecordReader(context)) {
        return SliceSummary.ofCounts(Map.of("records", reader.count()));
      }
    }
  }

  /**
   * Writes the slice's records as one standalone file of its format at {@code target} (a local
   * path, written in place, or an object, written to a temporary file first and then uploaded).
   *
   * @return the format's counters of what was written (at least {@code records})
   * @throws UnsupportedOperationException if the format cannot write its slices
   * @throws IOException if reading, writing or uploading fails
   */
  public static Map<String, Long> write(DataSlice slice, ObjectLocation target) throws IOException {
    return write(slice, target, defaultStores(slice));
  }

  /** {@link #write(DataSlice, ObjectLocation)}, reading and uploading through {@code stores}. */
  public static Map<String, Long> write(
      DataSlice slice, ObjectLocation target, StoreResolver stores) throws IOException {
    requireNonNull(target, "target is null");
    if (!(format(slice) instanceof WritingFormat format)) {
      throw new UnsupportedOperationException(
          "Format " + slice.format() + " cannot write its slices as files: " + slice);
    }
    Optional<Path> local = target.localPath();
    WritableObjectStore upload = local.isPresent() ? null : stores.writableStoreFor(target);
    Path file =
        local.isPresent() ? local.get() : Files.createTempFile("dataplug-", format.fileExtension());
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Map<String, Long> counts;
      try (SliceContext context = SliceContext.of(slice, stores)) {
        counts = format.write(context, file);
      }
      if (upload != null) {
        upload.put(target, file);
      }
      return counts;
    } finally {
      if (upload != null) {
        Files.deleteIfExists(file);
      }
    }
  }

  /**
   * The slice's content bytes (decompressed where the format is compressed), without header: the
   * header and the contents of all slices in order equal the object.
   *
   * @throws UnsupportedOperationException if the format's slices are not runs of the object's bytes
   *     (tiles, two-object formats)
   */
  public static InputStream openContent(DataSlice slice) throws IOException {
    return openContent(slice, defaultStores(slice));
  }

  /** {@link #openContent(DataSlice)}, reading through {@code stores}. */
  public static InputStream openContent(DataSlice slice, StoreResolver stores) throws IOException {
    ContentFormat format = contentFormat(slice);
    SliceContext context = SliceContext.of(slice, stores);
    return closingBoth(format.newContentStream(context), context);
  }

  /** The object's header bytes, for formats that have one (empty otherwise). */
  public static InputStream openHeader(DataSlice slice) throws IOException {
    return openHeader(slice, defaultStores(slice));
  }

  /** {@link #openHeader(DataSlice)}, reading through {@code stores}. */
  public static InputStream openHeader(DataSlice slice, StoreResolver stores) throws IOException {
    ContentFormat format = contentFormat(slice);
    SliceContext context = SliceContext.of(slice, stores);
    return closingBoth(format.newHeaderStream(context), context);
  }

  /** The slice as one line of JSON ({@link SliceJson}). */
  public static String toJson(DataSlice slice) {
    return SliceJson.encode(slice);
  }

  /**
   * Parses a slice written by {@link #toJson}; its hint is bound to the type its format declares,
   * so the format must be on the class path.
   *
   * @throws IllegalArgumentException if the JSON is not a valid slice or names an unknown format
   */
  public static DataSlice fromJson(String json) {
    return SliceJson.decode(json, id -> FormatRegistry.get().format(id).info().hintType());
  }

  /** The format that reads the slice. */
  public static FormatPlugin format(DataSlice slice) {
    return FormatRegistry.get().format(slice.format());
  }

  private static ContentFormat contentFormat(DataSlice slice) {
    FormatPlugin format = format(slice);
    if (format instanceof ContentFormat c) {
      return c;
    }
    throw new UnsupportedOperationException(
        "Slices of format " + format.id() + " are not runs of the object's bytes: " + slice);
  }

  private static StoreResolver defaultStores(DataSlice slice) {
    return ObjectStores.resolver(slice.storeConfig());
  }

  private static InputStream closingBoth(InputStream in, SliceContext context) {
    return new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          context.close();
        }
      }
    };
  }

  private static <R> RecordReader<R> closingBoth(RecordReader<R> reader, SliceContext context) {
    requireNonNull(reader, "reader is null");
    return new RecordReader<>() {
      @Override
      public boolean advance() throws IOException {
        return reader.advance();
      }

      @Override
      public R current() {
        return reader.current();
      }

      @Override
      public long count() throws IOException {
        return reader.count();
      }

      @Override
      public void close() throws IOException {
        try {
          reader.close();
        } finally {
          context.close();
        }
      }
    };
  }
}
