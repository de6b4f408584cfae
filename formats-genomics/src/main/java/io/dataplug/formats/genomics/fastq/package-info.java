/**
 * FASTQ (plain, gzip, BGZF; 4-line or wrapped): reads, paired reads in lockstep, read statistics.
 */
@NullMarked
package io.dataplug.formats.genomics.fastq;

import org.jspecify.annotations.NullMarked;
