/**
 * The Lithops-like map executor: {@link io.dataplug.lithops.FunctionExecutor} runs a function over
 * inputs on a backend, with futures, retries, timeouts and a timeline.
 */
@NullMarked
package io.dataplug.lithops;

import org.jspecify.annotations.NullMarked;
