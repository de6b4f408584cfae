/**
 * The backend SPI: {@link io.dataplug.lithops.spi.ExecutorBackend}s, found with {@code
 * ServiceLoader}, start sessions that run {@link io.dataplug.lithops.spi.Task}s.
 */
@NullMarked
package io.dataplug.lithops.spi;

import org.jspecify.annotations.NullMarked;
