package io.dataplug.lithops.functions;

import io.dataplug.Slices;
import io.dataplug.job.TaskFunction;
import io.dataplug.slice.DataSlice;
import java.util.Map;

/**
 * A named function (for backends that ship functions by class name, such as {@code aws_lambda}):
 * the slice's records and its format's other counters, as {@link DataSlice#summarize()}.
 */
public final class Summarize implements TaskFunction<DataSlice, Map<String, Long>> {
  private static final long serialVersionUID = 1L;

  @Override
  public Map<String, Long> apply(DataSlice slice) throws Exception {
    return Slices.summarize(slice);
  }
}
