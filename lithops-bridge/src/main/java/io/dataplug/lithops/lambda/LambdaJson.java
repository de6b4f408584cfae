package io.dataplug.lithops.lambda;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON mapper of the aws_lambda backend, the same for the handler (which writes results) and
 * the driver (which binds them to the function's result type): untyped integers are longs.
 */
final class LambdaJson {
  private LambdaJson() {}

  static ObjectMapper newMapper() {
    return new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
  }
}
