/**
 * Jobs: the function type executors map over inputs ({@link io.dataplug.job.TaskFunction}) and the
 * SPI of domain jobs over slices ({@link io.dataplug.job.SliceJob}), found with {@code
 * ServiceLoader}.
 */
@NullMarked
package io.dataplug.job;

import org.jspecify.annotations.NullMarked;
