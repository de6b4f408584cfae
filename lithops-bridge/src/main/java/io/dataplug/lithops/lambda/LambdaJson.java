package io.dataplug.lithops.lambda;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON mapper of the aws_lambda backend, the same for the handler (which writes results) and
 * the driver (which binds them to the function's result type): untyped integers are longs, and
 * result types of the named functions that have no JSON form of their own get one through a Jackson
 * mix-in, where their module is on the class path.
 */
final class LambdaJson {
  private static final String FASTQ_STATS = "io.dataplug.formats.genomics.fastq.FastqStats";

  private LambdaJson() {}

  static ObjectMapper newMapper() {
    ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    try {
      json.addMixIn(
          Class.forName(FASTQ_STATS, false, LambdaJson.class.getClassLoader()),
          FastqStatsJson.class);
    } catch (ClassNotFoundException | LinkageError e) {
      // formats-genomics is not on the class path: no FastqStatistics results to bind
    }
    return json;
  }

  /**
   * The JSON form of formats-genomics' {@code FastqStats} (the result of {@code FastqStatistics}),
   * which has none of its own: its fields, read back through its private constructor. It depends on
   * those private members; should they change, the mix-in no longer applies and the submit-time
   * check refuses {@code FastqStatistics} on aws_lambda (ResultTypeTest would fail) until this is
   * updated or {@code FastqStats} gets a JSON form of its own.
   */
  abstract static class FastqStatsJson {
    @JsonProperty("reads")
    long reads;

    @JsonProperty("bases")
    long bases;

    @JsonProperty("gc")
    long gc;

    @JsonProperty("quality_sum")
    long qualitySum;

    @JsonProperty("length_counts")
    long[] lengthCounts = new long[0];

    @JsonProperty("position_quality_sum")
    long[] positionQualitySum = new long[0];

    @JsonProperty("position_bases")
    long[] positionBases = new long[0];

    @JsonCreator
    FastqStatsJson(
        @JsonProperty("reads") long reads,
        @JsonProperty("bases") long bases,
        @JsonProperty("gc") long gc,
        @JsonProperty("quality_sum") long qualitySum,
        @JsonProperty("length_counts") long[] lengthCounts,
        @JsonProperty("position_quality_sum") long[] positionQualitySum,
        @JsonProperty("position_bases") long[] positionBases) {}
  }
}
