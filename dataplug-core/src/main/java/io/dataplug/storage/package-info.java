/**
 * Object stores: where objects live ({@link io.dataplug.storage.ObjectLocation}) and how their byte
 * ranges are read ({@link io.dataplug.storage.ObjectStore}). Three stores ship in core: S3 (AWS SDK
 * v2, any S3-compatible endpoint), local files (positional reads) and read-only HTTP(S) (range
 * GETs). Every range read is counted in {@link io.dataplug.storage.IoStats}.
 *
 * <p>Ranges are half-open. Errors are checked {@link java.io.IOException}s whose message names the
 * location: {@link java.io.FileNotFoundException} for a missing object, {@link
 * java.io.EOFException} for a short read, {@link io.dataplug.storage.ObjectChangedException} when
 * the object is not the one expected.
 */
@NullMarked
package io.dataplug.storage;

import org.jspecify.annotations.NullMarked;
