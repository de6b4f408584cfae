/**
 * The index kept alongside an object ({@code <key>.dataplug/}): blobs written first, then the
 * manifest that names them and the object's size and ETag, so a changed object is detected.
 */
@NullMarked
package io.dataplug.index;

import org.jspecify.annotations.NullMarked;
