package io.dataplug.lithops.functions;

import io.dataplug.formats.genomics.fastq.FastqStats;
import io.dataplug.lithops.TaskFunction;
import io.dataplug.slice.DataSlice;

/**
 * A named function (so it runs on every backend, {@code aws_lambda} included): the read statistics
 * of a FASTQ slice, as {@link FastqStats#of(DataSlice)}; merge the results with {@link
 * FastqStats#merge}.
 */
public final class FastqStatistics implements TaskFunction<DataSlice, FastqStats> {
  private static final long serialVersionUID = 1L;

  @Override
  public FastqStats apply(DataSlice slice) throws Exception {
    return FastqStats.of(slice);
  }
}
