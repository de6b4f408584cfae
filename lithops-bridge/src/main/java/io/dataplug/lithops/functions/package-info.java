/** Named functions, which backends that ship functions by class name (AWS Lambda) can run. */
@NullMarked
package io.dataplug.lithops.functions;

import org.jspecify.annotations.NullMarked;
