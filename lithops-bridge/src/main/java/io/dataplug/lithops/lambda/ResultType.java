package io.dataplug.lithops.lambda;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.AbstractDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.impl.TypeWrappedDeserializer;
import com.fasterxml.jackson.databind.deser.impl.UnsupportedTypeDeserializer;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.impl.UnknownSerializer;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.dataplug.job.TaskFunction;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The type the results of a function shipped to Lambda are bound to when their JSON comes back: the
 * {@code R} of the {@code TaskFunction<T, R>} the function's class declares (directly or through
 * its superclasses and interfaces), checked when a job is submitted so that a result type that
 * cannot make the round trip through JSON fails the submission rather than every call.
 */
final class ResultType {
  private static final TypeVariable<?> RESULT = TaskFunction.class.getTypeParameters()[1];

  private ResultType() {}

  /**
   * The result type of functions of class {@code function}, once it is known that Jackson can write
   * such a result as JSON and read it back as that type.
   *
   * @throws IllegalArgumentException naming the class (and the type, where known) if the type
   *     cannot be determined from the class's generic signature (a raw {@code TaskFunction}, a type
   *     variable, a wildcard), or cannot be bound: {@code Object}, an abstract class or interface
   *     without Jackson type information, a class Jackson cannot construct from what it writes, and
   *     the same for the types of its properties and elements
   */
  static JavaType of(Class<?> function, ObjectMapper json) {
    JavaType type = declared(function, Map.of(), json.getTypeFactory());
    if (type == null) {
      throw new IllegalArgumentException(
          "The aws_lambda backend returns results as JSON bound to the function's result type, "
              + "but the result type of "
              + function.getName()
              + " cannot be determined from its class: declare it there, as in "
              + "'implements TaskFunction<DataSlice, MyRecord>'");
    }
    String problem = new Check(json).problem(type, "");
    if (problem != null) {
      throw new IllegalArgumentException(
          "The aws_lambda backend returns results as JSON bound to the function's result type, "
              + "but the result type of "
              + function.getName()
              + ", "
              + type.toCanonical()
              + ", cannot be bound: "
              + problem);
    }
    return type;
  }

  /**
   * The {@code R} of {@code TaskFunction<T, R>} as {@code type} declares it, with {@code vars}
   * binding {@code type}'s own type parameters; null if unknown.
   */
  private static @Nullable JavaType declared(
      Class<?> type, Map<TypeVariable<?>, JavaType> vars, TypeFactory types) {
    List<Type> supertypes = new ArrayList<>(Arrays.asList(type.getGenericInterfaces()));
    Type superclass = type.getGenericSuperclass();
    if (superclass != null) {
      supertypes.add(superclass);
    }
    for (Type supertype : supertypes) {
      Class<?> raw = rawClass(supertype);
      if (raw == null || !TaskFunction.class.isAssignableFrom(raw)) {
        continue;
      }
      Map<TypeVariable<?>, JavaType> bound = new HashMap<>();
      if (supertype instanceof ParameterizedType p) {
        TypeVariable<?>[] parameters = raw.getTypeParameters();
        Type[] arguments = p.getActualTypeArguments();
        for (int i = 0; i < parameters.length; i++) {
          JavaType t = resolve(arguments[i], vars, types);
          if (t != null) {
            bound.put(parameters[i], t);
          }
        }
      }
      return raw == TaskFunction.class ? bound.get(RESULT) : declared(raw, bound, types);
    }
    return null;
  }

  private static @Nullable Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
      return c;
    }
    return null;
  }

  /** {@code type} with {@code vars} substituted; null if it has a free variable or a wildcard. */
  private static @Nullable JavaType resolve(
      Type type, Map<TypeVariable<?>, JavaType> vars, TypeFactory types) {
    if (type instanceof Class<?> c) {
      return types.constructType(c);
    } else if (type instanceof TypeVariable<?> v) {
      return vars.get(v);
    } else if (type instanceof GenericArrayType a) {
      JavaType component = resolve(a.getGenericComponentType(), vars, types);
      return component == null ? null : types.constructArrayType(component);
    } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] arguments = p.getActualTypeArguments();
      JavaType[] resolved = new JavaType[arguments.length];
      for (int i = 0; i < arguments.length; i++) {
        JavaType t = resolve(arguments[i], vars, types);
        if (t == null) {
          return null;
        }
        resolved[i] = t;
      }
      return types.constructParametricType(raw, resolved);
    }
    return null; // a wildcard
  }

  /** Whether Jackson can write values of a type and read them back, and if not, why. */
  private static final class Check {
    private final DeserializationConfig config;
    private final DeserializationContext reading;
    private final SerializerProvider writing;
    private final Set<JavaType> seen = new HashSet<>();

    Check(ObjectMapper json) {
      this.config = json.getDeserializationConfig();
      this.reading =
          ((DefaultDeserializationContext) json.getDeserializationContext())
              .createDummyInstance(config);
      this.writing = json.getSerializerProviderInstance();
    }

    /** Why {@code type} (found at {@code where}) cannot be bound; null if it can. */
    @Nullable String problem(JavaType type, String where) {
      if (!seen.add(type)) {
        return null;
      }
      String at = where.isEmpty() ? "" : " (" + where + ")";
      if (type.isJavaLangObject()) {
        return "java.lang.Object does not say what to bind the JSON to" + at;
      }
      JsonDeserializer<Object> deserializer;
      try {
        if (type.isMapLikeType()) {
          reading.findKeyDeserializer(type.getKeyType(), null);
        }
        deserializer = reading.findRootValueDeserializer(type);
      } catch (JsonMappingException | RuntimeException e) {
        return "Jackson cannot read " + type.toCanonical() + at + ": " + message(e);
      }
      if (deserializer instanceof TypeWrappedDeserializer) {
        return null; // the JSON names its class (@JsonTypeInfo)
      } else if (deserializer instanceof UnsupportedTypeDeserializer) {
        return "Jackson cannot read " + type.toCanonical() + at + " without an extra module";
      } else if (type.isContainerType() || type.isReferenceType()) {
        return problem(type.getContentType(), elementOf(type, where));
      } else if (deserializer instanceof AbstractDeserializer
          || (type.isAbstract()
              && !type.isPrimitive()
              && !type.isEnumType()
              && !type.isTypeOrSubTypeOf(JsonNode.class))) {
        return type.toCanonical()
            + at
            + " is abstract or an interface, and the JSON does not say which class to construct";
      } else if (deserializer instanceof BeanDeserializerBase bean) {
        return beanProblem(type, bean, at);
      }
      return null;
    }

    private @Nullable String beanProblem(JavaType type, BeanDeserializerBase bean, String at) {
      JsonSerializer<Object> serializer;
      try {
        serializer = writing.findValueSerializer(type);
      } catch (JsonMappingException | RuntimeException e) {
        return "Jackson cannot write " + type.toCanonical() + at + ": " + message(e);
      }
      ValueInstantiator creator = bean.getValueInstantiator();
      boolean fromObject =
          creator.canCreateUsingDefault()
              || creator.canCreateFromObjectWith()
              || creator.canCreateUsingDelegate()
              || creator.canCreateUsingArrayDelegate();
      boolean asObject =
          serializer instanceof BeanSerializerBase || serializer instanceof UnknownSerializer;
      if (asObject ? !fromObject : !creator.canInstantiate()) {
        return "Jackson cannot construct " + type.toCanonical() + at + ": " + NO_CREATOR;
      } else if (!asObject) {
        return null; // a JSON form of its own (@JsonValue, a serializer) read back by a creator
      }
      if (!(serializer instanceof BeanSerializerBase written)) {
        return "Jackson finds nothing to write in "
            + type.toCanonical()
            + at
            + " (no public fields or getters, no @JsonProperty)";
      }
      JsonIgnoreProperties.Value ignorals =
          config.getDefaultPropertyIgnorals(
              type.getRawClass(), config.introspectClassAnnotations(type).getClassInfo());
      boolean ignoreUnknown =
          ignorals.getIgnoreUnknown()
              || !config.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      for (Iterator<PropertyWriter> it = written.properties(); it.hasNext(); ) {
        String name = it.next().getName();
        if (bean.findProperty(name) == null
            && !ignoreUnknown
            && !ignorals.findIgnoredForDeserialization().contains(name)) {
          return "Jackson writes property '"
              + name
              + "' of "
              + type.toCanonical()
              + at
              + " but cannot read it back (no setter, field or creator parameter)";
        }
      }
      for (Iterator<SettableBeanProperty> it = bean.properties(); it.hasNext(); ) {
        SettableBeanProperty property = it.next();
        if (property.getValueTypeDeserializer() == null) {
          String problem =
              problem(
                  property.getType(),
                  "property '" + property.getName() + "' of " + type.getRawClass().getName());
          if (problem != null) {
            return problem;
          }
        }
      }
      return null;
    }

    private static final String NO_CREATOR =
        "it needs a public no-argument constructor, a @JsonCreator, or to be a record";

    private static String elementOf(JavaType container, String where) {
      return "element of " + container.toCanonical() + (where.isEmpty() ? "" : ", " + where);
    }

    private static String message(Exception e) {
      return e instanceof JsonMappingException j ? j.getOriginalMessage() : String.valueOf(e);
    }
  }
}
