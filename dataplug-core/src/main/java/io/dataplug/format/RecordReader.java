package io.dataplug.format;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Iterates over the records of one slice. Not thread-safe; the caller closes it.
 *
 * @param <R> the record type (a line, a CSV row, a FASTQ record, ...)
 */
public interface RecordReader<R> extends Closeable {
  /**
   * Moves to the next record.
   *
   * @return false at the end of the slice
   * @throws MalformedDataException naming the object and offset if the data is not valid
   */
  boolean advance() throws IOException;

  /** The record {@link #advance()} moved to. */
  R current();

  /**
   * For implementations: the record held, or an {@link IllegalStateException} if there is none
   * (before the first {@link #advance()}, or after the end).
   */
  static <R> R requireCurrent(@Nullable R current) {
    if (current == null) {
      throw new IllegalStateException("No current record: advance() first");
    }
    return current;
  }

  /** Counts the remaining records; formats override this with a faster scan where they can. */
  default long count() throws IOException {
    long n = 0;
    while (advance()) {
      n++;
    }
    return n;
  }

  /** The remaining records as a sequential stream; I/O errors surface as UncheckedIOException. */
  default Stream<R> stream() {
    Spliterator<R> split =
        new Spliterators.AbstractSpliterator<R>(Long.MAX_VALUE, Spliterator.ORDERED) {
          @Override
          public boolean tryAdvance(Consumer<? super R> action) {
            try {
              if (!advance()) {
                return false;
              }
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            action.accept(current());
            return true;
          }
        };
    return StreamSupport.stream(split, false)
        .onClose(
            () -> {
              try {
                close();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }
}
