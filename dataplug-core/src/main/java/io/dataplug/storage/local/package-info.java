/** The local-file store: positional reads, an ETag made from modification time and size. */
@NullMarked
package io.dataplug.storage.local;

import org.jspecify.annotations.NullMarked;
