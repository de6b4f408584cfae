/**
 * The entry points: {@link io.dataplug.CloudObject} wraps an object in a store, builds its index
 * alongside it once ({@code preprocess}) and cuts it into {@link io.dataplug.DataSlice}s, small
 * serializable descriptors of byte ranges that any worker can read.
 */
@NullMarked
package io.dataplug;

import org.jspecify.annotations.NullMarked;
