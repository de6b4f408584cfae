package io.dataplug.job;

import java.io.Serializable;

/**
 * The function a job maps over its inputs (usually {@link io.dataplug.slice.DataSlice}s).
 * Serializable, so remote backends can ship it; named classes with a public no-argument constructor
 * run on every backend ({@code aws_lambda} ships them by name). It may throw; the executor records
 * the failure against the task.
 *
 * @param <T> input type
 * @param <R> result type
 */
@FunctionalInterface
public interface TaskFunction<T, R> extends Serializable {
  R apply(T input) throws Exception;
}
