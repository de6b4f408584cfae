package io.dataplug.lithops.functions;

import io.dataplug.Slices;
import io.dataplug.format.SliceSummary;
import io.dataplug.job.TaskFunction;
import io.dataplug.slice.DataSlice;

/**
 * A named function (for backends that ship functions by class name, such as {@code aws_lambda}):
 * the slice's records, its format's other counters and the ranges of its values, as {@link
 * Slices#summary(DataSlice)}.
 */
public final class Summarize implements TaskFunction<DataSlice, SliceSummary> {
  private static final long serialVersionUID = 2L;

  @Override
  public SliceSummary apply(DataSlice slice) throws Exception {
    return Slices.summary(slice);
  }
}
