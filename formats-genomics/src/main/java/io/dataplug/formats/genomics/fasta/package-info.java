/** FASTA: a samtools-compatible {@code .fai} index; slices by sequence, by bases or by bytes. */
@NullMarked
package io.dataplug.formats.genomics.fasta;

import org.jspecify.annotations.NullMarked;
