package io.dataplug.lithops;

import java.io.Serializable;
import java.util.Iterator;

/**
 * The reduce step of {@link FunctionExecutor#mapReduce}: consumes the map results in input order as
 * they become available (the iterator blocks for results not yet there), so it can start before all
 * maps are done.
 */
@FunctionalInterface
public interface ReduceFunction<R, S> extends Serializable {
  S reduce(Iterator<R> results) throws Exception;
}
