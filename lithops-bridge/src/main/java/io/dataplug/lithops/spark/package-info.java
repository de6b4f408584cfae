/** The {@code spark} backend's use of Apache Spark (an optional dependency). */
@NullMarked
package io.dataplug.lithops.spark;

import org.jspecify.annotations.NullMarked;
