/**
 * The generic record-per-line formats: {@code text} (lines) and {@code csv} (rows, quoted fields
 * may hold newlines). Preprocessing samples record starts into a small index; slices are cut at
 * those starts, so a slice reads exactly its own bytes and every record is in exactly one slice.
 */
@NullMarked
package io.dataplug.text;

import org.jspecify.annotations.NullMarked;
