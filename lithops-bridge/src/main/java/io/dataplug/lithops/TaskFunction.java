package io.dataplug.lithops;

import java.io.Serializable;

/**
 * The function a job maps over its inputs (usually {@link io.dataplug.DataSlice}s). Serializable,
 * so remote backends can ship it; it may throw, and the executor records the failure against the
 * task.
 *
 * @param <T> input type
 * @param <R> result type
 */
@FunctionalInterface
public interface TaskFunction<T, R> extends Serializable {
  R apply(T input) throws Exception;
}
