package io.dataplug.lithops;

import java.util.List;

/**
 * A map-reduce job: the map calls and the reduce call.
 *
 * @param maps one future per input
 * @param reduce the reducer's future
 */
public record MapReduceJob<R, S>(List<ResponseFuture<R>> maps, ResponseFuture<S> reduce) {
  public MapReduceJob {
    maps = List.copyOf(maps);
  }
}
