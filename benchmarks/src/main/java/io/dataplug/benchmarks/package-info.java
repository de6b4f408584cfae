/** JMH benchmarks and the side-by-side harness (never published). */
@NullMarked
package io.dataplug.benchmarks;

import org.jspecify.annotations.NullMarked;
