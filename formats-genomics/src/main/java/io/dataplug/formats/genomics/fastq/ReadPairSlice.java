package io.dataplug.formats.genomics.fastq;

import static java.util.Objects.requireNonNull;

import htsjdk.samtools.fastq.FastqRecord;
import io.dataplug.Slices;
import io.dataplug.format.RecordReader;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.MalformedDataException;
import java.io.IOException;
import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * Slice i of a pair of mate files: the same read pairs from R1 and R2. Serializable, like its two
 * slices.
 *
 * @param first the R1 slice
 * @param second the R2 slice, holding the mates of {@code first}'s reads in the same order
 */
public record ReadPairSlice(DataSlice first, DataSlice second) implements Serializable {
  private static final long serialVersionUID = 1L;

  public ReadPairSlice {
    requireNonNull(first, "first is null");
    requireNonNull(second, "second is null");
  }

  /** Reads the pairs: each record is {R1 read, R2 read}. Fails if one file runs out first. */
  public RecordReader<FastqRecord[]> newRecordReader() throws IOException {
    RecordReader<FastqRecord> r1 = Slices.newRecordReader(first, FastqRecord.class);
    RecordReader<FastqRecord> r2 = Slices.newRecordReader(second, FastqRecord.class);
    return new RecordReader<>() {
      private FastqRecord @Nullable [] current;

      @Override
      public boolean advance() throws IOException {
        boolean a = r1.advance();
        boolean b = r2.advance();
        if (a != b) {
          throw new MalformedDataException(
              "Slice "
                  + first.index()
                  + ": "
                  + (a ? second : first).location()
                  + " has fewer reads than its mate file in this slice");
        }
        current = a ? new FastqRecord[] {r1.current(), r2.current()} : null;
        return a;
      }

      @Override
      public FastqRecord[] current() {
        return RecordReader.requireCurrent(current);
      }

      @Override
      public void close() throws IOException {
        try {
          r1.close();
        } finally {
          r2.close();
        }
      }
    };
  }
}
