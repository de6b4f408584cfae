package io.dataplug.lithops.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dataplug.Slices;
import io.dataplug.job.TaskFunction;
import io.dataplug.slice.DataSlice;
import io.dataplug.storage.IoStats;
import io.dataplug.storage.ObjectLocation;
import io.dataplug.storage.ObjectStores;
import io.dataplug.storage.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The AWS Lambda handler of the {@code aws_lambda} backend (handler name {@code
 * io.dataplug.lithops.lambda.LambdaHandler::handleRequest}; the code is the project's shaded jar).
 * A request names a function class (a {@link TaskFunction} with a public no-argument constructor)
 * and carries its input as JSON (a slice, or a JSON value with its class name); the handler runs it
 * and writes {@code <job>/status/<task>-<attempt>.json} to object storage, which the invoker polls:
 * the result as JSON ({@code value}), which the invoker binds to the function's declared result
 * type, or the error. It also returns that JSON. Nothing is Java-serialized or deserialized on
 * either side.
 */
public final class LambdaHandler implements RequestStreamHandler {
  static final ObjectMapper JSON = LambdaJson.newMapper();

  @Override
  public void handleRequest(InputStream input, OutputStream output, @Nullable Context context)
      throws IOException {
    JsonNode request = JSON.readTree(input);
    byte[] status = JSON.writeValueAsBytes(run(request));
    JsonNode store = request.path("store");
    StoreConfig config =
        new StoreConfig(
            store.hasNonNull("endpoint") ? store.get("endpoint").asText() : null,
            store.hasNonNull("region") ? store.get("region").asText() : null,
            store.path("path_style").asBoolean(false),
            store.path("max_attempts").asInt(5));
    ObjectLocation location =
        statusLocation(
            request.path("job").asText(),
            request.path("task").asInt(),
            request.path("attempt").asInt(),
            request.hasNonNull("call") ? request.get("call").asLong() : 0);
    ObjectStores.writable(location, config).put(location, status);
    output.write(status);
  }

  static ObjectLocation statusLocation(String job, int task, int attempt, long call) {
    return ObjectLocation.of(job).child("status").child(statusName(task, attempt, call));
  }

  /**
   * The name of a call's status object: {@code <task>-<attempt>-<call>.json}, where {@code call}
   * numbers the invocations of a session, so that the same task and attempt in two jobs of one
   * session have different names; {@code <task>-<attempt>.json} for a request without one (call 0).
   */
  static String statusName(int task, int attempt, long call) {
    return task + "-" + attempt + (call > 0 ? "-" + call : "") + ".json";
  }

  /** Runs the request's function on its input; never throws: failures go into the status. */
  static ObjectNode run(JsonNode request) {
    ObjectNode status = JSON.createObjectNode();
    status.put("task", request.path("task").asInt());
    status.put("attempt", request.path("attempt").asInt());
    status.put("started", System.currentTimeMillis());
    try (IoStats.TaskScope scope = IoStats.beginTask()) {
      try {
        Object function =
            Class.forName(request.path("function").asText()).getDeclaredConstructor().newInstance();
        if (!(function instanceof TaskFunction<?, ?>)) {
          throw new IllegalArgumentException(
              request.path("function").asText() + " is not a TaskFunction");
        }
        JsonNode in = request.path("input");
        Object argument =
            "slice".equals(request.path("input_type").asText())
                ? Slices.fromJson(in.isTextual() ? in.asText() : in.toString())
                : input(in, request.path("input_class").asText());
        if (argument == null) {
          throw new IllegalArgumentException("The request has no input");
        }
        @SuppressWarnings("unchecked")
        Object value = ((TaskFunction<Object, Object>) function).apply(argument);
        JsonNode json;
        try {
          json = value == null ? NullNode.getInstance() : JSON.valueToTree(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "The result of "
                  + function.getClass().getName()
                  + " ("
                  + value.getClass().getName()
                  + ") has no JSON form: "
                  + e.getMessage(),
              e);
        }
        status.put("ok", true);
        status.set("value", json);
      } catch (Throwable t) {
        status.put("ok", false);
        status.put("error_type", t.getClass().getName());
        status.put("error", String.valueOf(t.getMessage()));
      }
      status.put("bytes", scope.stats().bytes());
      status.put("requests", scope.stats().requests());
      status.put("retries", scope.stats().retries());
    }
    status.put("finished", System.currentTimeMillis());
    return status;
  }

  /**
   * An input: a JSON value as an instance of the named class where this JVM has it and Jackson can
   * bind it (records, beans, boxed numbers, strings, maps, lists), else as plain JSON values (Long,
   * Double, String, Boolean, Map, List).
   */
  static @Nullable Object input(@Nullable JsonNode node, String className) throws IOException {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!className.isEmpty()) {
      try {
        return JSON.treeToValue(node, Class.forName(className));
      } catch (ClassNotFoundException
          | IllegalArgumentException
          | com.fasterxml.jackson.databind.JsonMappingException e) {
        // no such class here, or not bindable: plain values instead
      }
    }
    return JSON.treeToValue(node, Object.class);
  }

  /** A request for {@code task} (attempt {@code attempt}) of {@code job}, without a call number. */
  static byte[] request(
      String job, int task, int attempt, String function, Object input, StoreConfig store)
      throws IOException {
    return request(job, task, attempt, 0, function, input, store);
  }

  /**
   * A request for {@code task} (attempt {@code attempt}) of {@code job}, invocation {@code call} of
   * the session (from 1; 0 for none).
   */
  static byte[] request(
      String job,
      int task,
      int attempt,
      long call,
      String function,
      Object input,
      StoreConfig store)
      throws IOException {
    ObjectNode r = JSON.createObjectNode();
    r.put("job", job);
    r.put("task", task);
    r.put("attempt", attempt);
    if (call > 0) {
      r.put("call", call);
    }
    r.put("function", function);
    if (input instanceof DataSlice slice) {
      r.put("input_type", "slice");
      r.set("input", JSON.readTree(Slices.toJson(slice)));
    } else {
      r.put("input_type", "json");
      r.set("input", JSON.valueToTree(input));
      if (input != null) {
        r.put("input_class", input.getClass().getName());
      }
    }
    ObjectNode s = r.putObject("store");
    if (store.endpoint() != null) {
      s.put("endpoint", store.endpoint());
    }
    if (store.region() != null) {
      s.put("region", store.region());
    }
    s.put("path_style", store.pathStyle());
    s.put("max_attempts", store.maxAttempts());
    return JSON.writeValueAsString(r).getBytes(StandardCharsets.UTF_8);
  }
}
