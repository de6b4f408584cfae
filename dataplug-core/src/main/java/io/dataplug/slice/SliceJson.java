package io.dataplug.slice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON form of a {@link DataSlice}, versioned ({@code "v": 1}); well under 1 KB for the
 * built-in formats. Ranges are {@code [offset, length]} for the primary object and {@code [offset,
 * length, object]} for companions. Hints are bound to the type their format declares, never to a
 * class named in the JSON, so nothing read is instantiated as arbitrary code.
 *
 * <pre>{@code
 * {"v":1,"location":"s3://b/reads.fq.gz","etag":"9b2c…","format":"fastq","index":3,"count":8,
 *  "ranges":[[1048576,1050000]],"hint":{…},"store":{"path_style":false,"max_attempts":5,"timeout_s":30}}
 * }</pre>
 */
public final class SliceJson {
  /** The schema version written and read. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private SliceJson() {}

  /** The slice as one line of JSON. */
  public static String encode(DataSlice slice) {
    ObjectNode node = JSON.createObjectNode();
    node.put("v", VERSION);
    putRef(node, slice.primary());
    if (!slice.companions().isEmpty()) {
      ArrayNode cs = node.putArray("companions");
      for (ObjectRef c : slice.companions()) {
        putRef(cs.addObject(), c);
      }
    }
    node.put("format", slice.format());
    node.put("index", slice.index());
    node.put("count", slice.count());
    ArrayNode rs = node.putArray("ranges");
    for (SliceRange r : slice.ranges()) {
      ArrayNode a = rs.addArray().add(r.offset()).add(r.length());
      if (r.object() != 0) {
        a.add(r.object());
      }
    }
    node.set("hint", JSON.valueToTree(slice.hint()));
    StoreConfig config = slice.storeConfig();
    ObjectNode store = node.putObject("store");
    if (config.endpoint() != null) {
      store.put("endpoint", config.endpoint());
    }
    if (config.region() != null) {
      store.put("region", config.region());
    }
    store.put("path_style", config.pathStyle());
    store.put("max_attempts", config.maxAttempts());
    store.put("timeout_s", config.timeoutSeconds());
    return node.toString();
  }

  /**
   * A hint as compact JSON for people to read (the {@code partition} table): its fields as {@link
   * #encode} writes them, without those that are null or empty.
   */
  public static String describe(@Nullable SliceHint hint) {
    JsonNode tree = JSON.valueToTree(hint);
    if (tree instanceof ObjectNode o) {
      List<String> empty = new ArrayList<>();
      o.fields()
          .forEachRemaining(
              e -> {
                JsonNode v = e.getValue();
                if (v.isNull() || v.isContainerNode() && v.isEmpty()) {
                  empty.add(e.getKey());
                }
              });
      o.remove(empty);
    }
    return tree.toString();
  }

  /**
   * Parses a slice written by {@link #encode}.
   *
   * @param hintTypes the hint type of a format id (e.g. from the format registry)
   * @throws IllegalArgumentException if the JSON is not a valid slice, naming what is wrong
   */
  public static DataSlice decode(
      String json, Function<String, Class<? extends SliceHint>> hintTypes) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("Not a valid slice JSON: not an object");
      }
      int v = node.path("v").asInt(-1);
      if (v != VERSION) {
        throw new IllegalArgumentException(
            "Unsupported slice JSON version: " + v + " (this version reads " + VERSION + ")");
      }
      String format = text(node, "format");
      List<ObjectRef> companions = new ArrayList<>();
      for (JsonNode c : node.path("companions")) {
        companions.add(ref(c));
      }
      List<SliceRange> ranges = new ArrayList<>();
      for (JsonNode r : node.path("ranges")) {
        if (!r.isArray() || r.size() < 2 || r.size() > 3) {
          throw new IllegalArgumentException("Not a valid slice JSON: bad range " + r);
        }
        ranges.add(
            new SliceRange(
                r.size() == 3 ? integer(r.get(2)) : 0, number(r.get(0)), number(r.get(1))));
      }
      JsonNode store = node.path("store");
      StoreConfig config =
          new StoreConfig(
              store.hasNonNull("endpoint") ? store.get("endpoint").asText() : null,
              store.hasNonNull("region") ? store.get("region").asText() : null,
              store.path("path_style").asBoolean(false),
              store.path("max_attempts").asInt(StoreConfig.defaults().maxAttempts()),
              store.path("timeout_s").asInt(0));
      JsonNode hintNode = node.get("hint");
      if (hintNode == null || !hintNode.isObject()) {
        throw new IllegalArgumentException("Slice JSON has no 'hint' object");
      }
      SliceHint hint = JSON.treeToValue(hintNode, hintTypes.apply(format));
      return new DataSlice(
          ref(node),
          companions,
          format,
          integer(node.path("index")),
          integer(node.path("count")),
          ranges,
          hint,
          config);
    } catch (IOException e) {
      throw new IllegalArgumentException("Not a valid slice JSON: " + e.getMessage(), e);
    }
  }

  private static void putRef(ObjectNode node, ObjectRef ref) {
    node.put("location", ref.location());
    if (ref.etag() != null) {
      node.put("etag", ref.etag());
    }
  }

  private static ObjectRef ref(JsonNode node) {
    return new ObjectRef(
        text(node, "location"), node.hasNonNull("etag") ? node.get("etag").asText() : null);
  }

  private static long number(JsonNode n) {
    if (!n.canConvertToLong()) {
      throw new IllegalArgumentException("Not a valid slice JSON: not a number: " + n);
    }
    return n.asLong();
  }

  private static int integer(JsonNode n) {
    if (!n.canConvertToInt()) {
      throw new IllegalArgumentException("Not a valid slice JSON: not an int: " + n);
    }
    return n.asInt();
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("Slice JSON has no '" + field + "'");
    }
    return v.asText();
  }
}
