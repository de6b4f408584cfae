/**
 * Metabolomics formats: imzML (mass spectrometry imaging, an XML file of spectrum offsets with a
 * binary {@code .ibd} companion) is to come here. Until then this module holds no format.
 */
@NullMarked
package io.dataplug.formats.metabolomics;

import org.jspecify.annotations.NullMarked;
