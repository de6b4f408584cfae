package io.dataplug.lithops.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import htsjdk.samtools.fastq.FastqRecord;
import io.dataplug.format.ParallelIndexing;
import io.dataplug.format.SliceSummary;
import io.dataplug.formats.genomics.fastq.FastqStatistics;
import io.dataplug.formats.genomics.fastq.FastqStats;
import io.dataplug.job.TaskFunction;
import io.dataplug.lithops.functions.Hello;
import io.dataplug.lithops.functions.ScanChunk;
import io.dataplug.lithops.functions.Summarize;
import io.dataplug.lithops.functions.WriteSlice;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The aws_lambda backend's results: the type they are bound to comes from the function's generic
 * signature and is checked up front; a status object's value is only ever bound from JSON.
 */
class ResultTypeTest {
  private static final ObjectMapper JSON = LambdaJson.newMapper();
  private static final String PREFIX =
      "The aws_lambda backend returns results as JSON bound to the function's result type, "
          + "but the result type of ";

  public record Point(int x, List<Long> ys, String label) {}

  public static final class Points implements TaskFunction<Integer, Point> {
    @Override
    public Point apply(Integer x) {
      return new Point(x, List.of((long) x, x * 2L), "p" + x);
    }
  }

  /** Declares its result type through a superclass's type parameter. */
  abstract static class Many<E> implements TaskFunction<Integer, List<E>> {}

  public static final class ManyPoints extends Many<Point> {
    @Override
    public List<Point> apply(Integer x) {
      return List.of(new Points().apply(x));
    }
  }

  /** Declares it through an interface's type parameter. */
  interface Keyed<V> extends TaskFunction<Integer, Map<String, V>> {}

  public static final class KeyedPoints implements Keyed<Point> {
    @Override
    public Map<String, Point> apply(Integer x) {
      return Map.of("p", new Points().apply(x));
    }
  }

  public static final class Generic<R> implements TaskFunction<Integer, R> {
    @Override
    public R apply(Integer x) {
      throw new UnsupportedOperationException();
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  public static final class Raw implements TaskFunction {
    @Override
    public Object apply(Object x) {
      return x;
    }
  }

  public static final class Untyped implements TaskFunction<Integer, Object> {
    @Override
    public Object apply(Integer x) {
      return x;
    }
  }

  public static final class Text implements TaskFunction<Integer, CharSequence> {
    @Override
    public CharSequence apply(Integer x) {
      return "x" + x;
    }
  }

  /** Nothing Jackson can write, no constructor it can call. */
  public static final class Opaque {
    private final int x;

    private Opaque(int x) {
      this.x = x;
    }

    public int x() {
      return x;
    }
  }

  public static final class Opaques implements TaskFunction<Integer, Opaque> {
    @Override
    public Opaque apply(Integer x) {
      return new Opaque(x);
    }
  }

  public record Holder(Opaque inside) {}

  public static final class Holders implements TaskFunction<Integer, Holder> {
    @Override
    public Holder apply(Integer x) {
      return new Holder(new Opaque(x));
    }
  }

  private static JavaType type(Class<?> function) {
    return ResultType.of(function, JSON);
  }

  @Test
  void resultTypeComesFromTheGenericSignature() {
    assertThat(type(Points.class)).isEqualTo(JSON.constructType(Point.class));
    assertThat(type(ManyPoints.class).toCanonical())
        .isEqualTo("java.util.List<" + Point.class.getName() + ">");
    assertThat(type(KeyedPoints.class).toCanonical())
        .isEqualTo("java.util.Map<java.lang.String," + Point.class.getName() + ">");
  }

  @Test
  void namedFunctionsBind() {
    assertThat(type(Summarize.class).getRawClass()).isEqualTo(SliceSummary.class);
    assertThat(type(WriteSlice.class).getRawClass()).isEqualTo(WriteSlice.Written.class);
    assertThat(type(ScanChunk.class).getRawClass()).isEqualTo(ParallelIndexing.ChunkSummary.class);
    assertThat(type(Hello.class).getRawClass()).isEqualTo(String.class);
    assertThat(type(FastqStatistics.class).getRawClass()).isEqualTo(FastqStats.class);
  }

  /** FastqStats (formats-genomics) has its own JSON form: a result comes back equal. */
  @Test
  void fastqStatsRoundTripThroughTheirJsonForm() throws IOException {
    FastqStats.Accumulator acc = new FastqStats.Accumulator();
    acc.add(new FastqRecord("r1", "ACGTGGCA", "", "IIIII#II"));
    acc.add(new FastqRecord("r2", "GGCC", "", "!!II"));
    FastqStats stats = acc.stats();
    ObjectNode status = JSON.createObjectNode().put("ok", true);
    status.set("value", JSON.valueToTree(stats));
    FastqStats back = (FastqStats) LambdaBackend.result(status, type(FastqStatistics.class));
    assertThat(back.reads()).isEqualTo(2);
    assertThat(back.bases()).isEqualTo(12);
    assertThat(back.gcPercent()).isEqualTo(stats.gcPercent());
    assertThat(back.meanQuality()).isEqualTo(stats.meanQuality());
    assertThat(back.lengthHistogram()).containsExactly(stats.lengthHistogram());
    assertThat(back.meanQualityByPosition()).containsExactly(stats.meanQualityByPosition());
  }

  @Test
  void undeterminedResultTypeIsRefused() {
    for (Class<?> function : List.of(Generic.class, Raw.class)) {
      assertThatThrownBy(() -> type(function))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              PREFIX
                  + function.getName()
                  + " cannot be determined from its class: declare it there, as in "
                  + "'implements TaskFunction<DataSlice, MyRecord>'");
    }
  }

  @Test
  void unbindableResultTypesAreRefused() {
    assertThatThrownBy(() -> type(Untyped.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            PREFIX
                + Untyped.class.getName()
                + ", java.lang.Object, cannot be bound: "
                + "java.lang.Object does not say what to bind the JSON to");
    assertThatThrownBy(() -> type(Text.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            PREFIX
                + Text.class.getName()
                + ", java.lang.CharSequence, cannot be bound: java.lang.CharSequence is abstract "
                + "or an interface, and the JSON does not say which class to construct");
    assertThatThrownBy(() -> type(Opaques.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            PREFIX
                + Opaques.class.getName()
                + ", "
                + Opaque.class.getName()
                + ", cannot be bound: Jackson cannot construct "
                + Opaque.class.getName()
                + ": it needs a public no-argument constructor, a @JsonCreator, or to be a record");
    assertThatThrownBy(() -> type(Holders.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            PREFIX
                + Holders.class.getName()
                + ", "
                + Holder.class.getName()
                + ", cannot be bound: Jackson cannot construct "
                + Opaque.class.getName()
                + " (property 'inside' of "
                + Holder.class.getName()
                + "): it needs a public no-argument constructor, a @JsonCreator, or to be a record");
  }

  @Test
  void resultIsBoundFromTheStatusValue() throws IOException {
    Point p = new Points().apply(3);
    ObjectNode status = JSON.createObjectNode().put("ok", true);
    status.set("value", JSON.valueToTree(p));
    assertThat(LambdaBackend.result(status, type(Points.class))).isEqualTo(p);
    status.putNull("value");
    assertThat(LambdaBackend.result(status, type(Points.class))).isNull();
  }

  @Test
  void javaSerializedResultIsNeverDeserialized() {
    String blob = Tripwire.serializedBase64();
    ObjectNode tampered =
        JSON.createObjectNode().put("ok", true).put("value_java", blob).put("value", blob);
    assertThatThrownBy(() -> LambdaBackend.result(tampered, type(Points.class)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Cannot construct instance of `" + Point.class.getName() + "`");
    ObjectNode javaOnly = JSON.createObjectNode().put("ok", true).put("value_java", blob);
    assertThatThrownBy(() -> LambdaBackend.result(javaOnly, type(Points.class)))
        .isInstanceOf(IOException.class)
        .hasMessage("The status has no value");
    assertThat(Tripwire.tripped()).isFalse();
  }

  @Test
  void handlerWritesTheResultAsJsonOnly() throws IOException {
    JsonNode status =
        LambdaHandler.run(
            JSON.readTree(
                LambdaHandler.request(
                    "s3://bucket/jobs/j",
                    0,
                    1,
                    Points.class.getName(),
                    4,
                    StoreConfig.defaults())));
    assertThat(status.path("ok").asBoolean()).isTrue();
    assertThat(status.has("value_java")).isFalse();
    assertThat(JSON.treeToValue(status.get("value"), Point.class)).isEqualTo(new Points().apply(4));
  }

  @Test
  void handlerFailsAResultWithoutJsonForm() throws IOException {
    JsonNode status =
        LambdaHandler.run(
            JSON.readTree(
                LambdaHandler.request(
                    "s3://bucket/jobs/j",
                    0,
                    1,
                    Opaques.class.getName(),
                    4,
                    StoreConfig.defaults())));
    assertThat(status.path("ok").asBoolean()).isFalse();
    assertThat(status.path("error_type").asText()).isEqualTo("java.lang.IllegalArgumentException");
    assertThat(status.path("error").asText())
        .startsWith(
            "The result of "
                + Opaques.class.getName()
                + " ("
                + Opaque.class.getName()
                + ") has no JSON form: ");
    assertThat(status.has("value")).isFalse();
  }
}
