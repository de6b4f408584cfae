/**
 * VCF: the header once, data lines leniently, htsjdk variants, regions from {@code .tbi}/{@code
 * .csi}.
 */
@NullMarked
package io.dataplug.formats.genomics.vcf;

import org.jspecify.annotations.NullMarked;
