/** Helpers shared inside the library; not part of its API. */
@NullMarked
package io.dataplug.internal;

import org.jspecify.annotations.NullMarked;
