/**
 * Random access into gzip and BGZF: one pass records checkpoints (a byte-aligned deflate block
 * boundary and its 32 KiB window, or a BGZF block start), and readers resume from any checkpoint
 * with the JDK's {@code Inflater}.
 */
@NullMarked
package io.dataplug.codec.gzip;

import org.jspecify.annotations.NullMarked;
