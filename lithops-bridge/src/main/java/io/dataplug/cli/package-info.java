/** The {@code dataplug} command (picocli). */
@NullMarked
package io.dataplug.cli;

import org.jspecify.annotations.NullMarked;
