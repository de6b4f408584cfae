/** The {@code aws_lambda} backend: the handler, the Lambda API calls, and the invoker. */
@NullMarked
package io.dataplug.lithops.lambda;

import org.jspecify.annotations.NullMarked;
