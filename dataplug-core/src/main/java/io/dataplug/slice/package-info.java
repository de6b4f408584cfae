/**
 * Slices: {@link io.dataplug.slice.DataSlice}, the pure value a worker receives (objects pinned to
 * their ETags, byte ranges tagged with their object, a format id and a typed hint), and its one
 * JSON form, {@link io.dataplug.slice.SliceJson}. Nothing here reads storage or looks up formats.
 */
@NullMarked
package io.dataplug.slice;

import org.jspecify.annotations.NullMarked;
