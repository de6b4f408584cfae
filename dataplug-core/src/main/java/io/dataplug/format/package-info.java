/**
 * The format SPI: {@link io.dataplug.format.FormatPlugin}s, found with {@code ServiceLoader}, build
 * an object's index and plan its slices; {@link io.dataplug.format.ParallelIndexing} lets an
 * executor build the index as a map + reduce.
 */
@NullMarked
package io.dataplug.format;

import org.jspecify.annotations.NullMarked;
