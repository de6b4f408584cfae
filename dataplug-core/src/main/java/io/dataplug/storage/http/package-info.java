/** The read-only HTTP(S) store: range GETs, ETag checks, retries of transient failures. */
@NullMarked
package io.dataplug.storage.http;

import org.jspecify.annotations.NullMarked;
