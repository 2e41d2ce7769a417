package org.p2psim.rpc.internal;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the usual result shapes with Jackson's streaming generator, producing the bytes the
 * server's {@code ObjectMapper} would: strings, numbers, booleans, byte arrays (base64), lists,
 * arrays, maps with string keys, parsed trees, enums, classes with a {@code @JsonValue} method, and
 * records whose only Jackson annotations are {@code @JsonProperty} names and {@code @JsonInclude}
 * of {@code NON_NULL}. Anything else, anywhere in the value, makes {@link #write} answer null, and
 * the caller uses databind for the whole value.
 */
final class JsonWriter {
  /** Deeper than this is left to databind, which reports cycles. */
  private static final int MAX_DEPTH = 200;

  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          return shapeOf(type);
        }
      };

  private JsonWriter() {}

  /** The JSON of {@code value}, or null when it has a part this writer leaves to databind. */
  static String write(Object value) throws IOException {
    StringWriter out = new StringWriter(128);
    try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      write(g, value, 0);
    } catch (NotPlain e) {
      return null;
    }
    return out.toString();
  }

  private static void write(JsonGenerator g, Object v, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw NotPlain.INSTANCE;
    }
    if (v == null) {
      g.writeNull();
    } else if (v instanceof String s) {
      g.writeString(s);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof Short s) {
      g.writeNumber(s);
    } else if (v instanceof Byte b) {
      g.writeNumber(b);
    } else if (v instanceof BigInteger b) {
      g.writeNumber(b);
    } else if (v instanceof BigDecimal b) {
      g.writeNumber(b);
    } else if (v instanceof byte[] bytes) {
      g.writeBinary(bytes);
    } else if (v instanceof JsonNode node) {
      writeTree(g, node, depth + 1);
    } else {
      SHAPES.get(v.getClass()).write(g, v, depth + 1);
    }
  }

  /** A tree as its own {@code serialize} writes it, for the node kinds a parser makes. */
  private static void writeTree(JsonGenerator g, JsonNode node, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw NotPlain.INSTANCE;
    }
    switch (node.getNodeType()) {
      case OBJECT -> {
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          g.writeFieldName(e.getKey());
          writeTree(g, e.getValue(), depth + 1);
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode n : node) {
          writeTree(g, n, depth + 1);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL -> g.writeNull();
      case NUMBER -> {
        switch (node.numberType()) {
          case INT -> g.writeNumber(node.intValue());
          case LONG -> g.writeNumber(node.longValue());
          case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
          case DOUBLE -> g.writeNumber(node.doubleValue());
          default -> throw NotPlain.INSTANCE; // floats and decimals have their own settings
        }
      }
      default -> throw NotPlain.INSTANCE; // binary, POJO and missing nodes
    }
  }

  /** How values of one class are written. */
  private interface Shape {
    void write(JsonGenerator g, Object v, int depth) throws IOException;
  }

  private static final Shape NOT_PLAIN =
      (g, v, depth) -> {
        throw NotPlain.INSTANCE;
      };

  private static Shape shapeOf(Class<?> c) {
    if (c.isAnonymousClass() && c.getSuperclass().isEnum()) {
      // an enum constant with a body, written as its enum unless the body has annotations
      return PlainTypes.hasJacksonAnnotations(c, false) ? NOT_PLAIN : SHAPES.get(c.getSuperclass());
    }
    if (JsonSerializable.class.isAssignableFrom(c)
        || PlainTypes.hasJacksonAnnotations(c, true)
        || !PlainTypes.supertypesArePlain(c)) {
      return NOT_PLAIN; // a type that writes itself, or annotated for databind
    }
    Method jsonValue = PlainTypes.jsonValueMethod(c);
    if (jsonValue != null) {
      return (g, v, depth) -> write(g, invoke(jsonValue, v), depth);
    }
    if (c.isRecord()) {
      return recordShape(c);
    }
    if (PlainTypes.hasJacksonAnnotations(c, false)) {
      return NOT_PLAIN; // e.g. @JsonValue on a field, @JsonProperty on an enum constant
    }
    if (c.isEnum()) {
      return (g, v, depth) -> g.writeString(((Enum<?>) v).name());
    }
    if (Map.class.isAssignableFrom(c)) {
      return JsonWriter::writeMap;
    }
    if (Collection.class.isAssignableFrom(c)) {
      return (g, v, depth) -> {
        g.writeStartArray();
        for (Object o : (Collection<?>) v) {
          write(g, o, depth);
        }
        g.writeEndArray();
      };
    }
    if (Object[].class.isAssignableFrom(c)) {
      return (g, v, depth) -> {
        g.writeStartArray();
        for (Object o : (Object[]) v) {
          write(g, o, depth);
        }
        g.writeEndArray();
      };
    }
    if (c == int[].class) {
      return (g, v, depth) -> g.writeArray((int[]) v, 0, ((int[]) v).length);
    }
    if (c == long[].class) {
      return (g, v, depth) -> g.writeArray((long[]) v, 0, ((long[]) v).length);
    }
    return NOT_PLAIN;
  }

  private static void writeMap(JsonGenerator g, Object v, int depth) throws IOException {
    g.writeStartObject();
    for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw NotPlain.INSTANCE; // databind's key serialisers, or its error for a null key
      }
      g.writeFieldName(key);
      write(g, e.getValue(), depth);
    }
    g.writeEndObject();
  }

  /** A record's components, in declaration order, named and included as databind does. */
  private static Shape recordShape(Class<?> c) {
    boolean classNonNull;
    try {
      classNonNull = nonNull(c.getAnnotation(JsonInclude.class), false);
    } catch (NotPlain e) {
      return NOT_PLAIN;
    }
    RecordComponent[] components = c.getRecordComponents();
    List<Property> properties = new ArrayList<>();
    Set<String> accessors = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (RecordComponent rc : components) {
      Method accessor = rc.getAccessor();
      accessors.add(accessor.getName());
      Property p = property(c, rc, classNonNull);
      if (p == null || !names.add(p.name) || !PlainTypes.accessible(accessor)) {
        return NOT_PLAIN; // a name twice: databind merges or refuses
      }
      properties.add(p);
    }
    if (!PlainTypes.otherMembersArePlain(c, accessors)
        || !PlainTypes.creatorsArePlain(
            c, components, properties.stream().map(Property::name).toList())) {
      return NOT_PLAIN;
    }
    Property[] ps = properties.toArray(Property[]::new);
    return (g, v, depth) -> {
      g.writeStartObject();
      for (Property p : ps) {
        Object value = invoke(p.accessor, v);
        if (value == null && p.nonNull) {
          continue;
        }
        g.writeFieldName(p.name);
        write(g, value, depth);
      }
      g.writeEndObject();
    };
  }

  private record Property(String name, Method accessor, boolean nonNull) {}

  /** A component's property, or null when its annotations ask for more than a name. */
  private static Property property(Class<?> c, RecordComponent rc, boolean classNonNull) {
    String name = rc.getName(); // even isX or getX: databind names records by their components
    Field field;
    try {
      field = c.getDeclaredField(name);
    } catch (NoSuchFieldException e) {
      return null;
    }
    String renamed = null;
    boolean nonNull = classNonNull;
    for (AnnotatedElement e : new AnnotatedElement[] {field, rc.getAccessor()}) {
      for (Annotation a : e.getAnnotations()) {
        if (a instanceof JsonProperty jp) {
          if (jp.index() != JsonProperty.INDEX_UNKNOWN
              || jp.access() != JsonProperty.Access.AUTO
              || !jp.namespace().isEmpty()) {
            return null;
          }
          String n = jp.value().isEmpty() ? null : jp.value();
          if (renamed != null && n != null && !renamed.equals(n)) {
            return null;
          }
          renamed = n != null ? n : renamed;
        } else if (a instanceof JsonInclude ji) {
          try {
            nonNull = nonNull(ji, classNonNull);
          } catch (NotPlain x) {
            return null;
          }
        } else if (PlainTypes.isJackson(a) && !(a instanceof JsonAlias)) {
          return null;
        }
      }
    }
    return new Property(renamed != null ? renamed : name, rc.getAccessor(), nonNull);
  }

  /** Whether {@code @JsonInclude} says NON_NULL (or {@code otherwise} when it defers). */
  private static boolean nonNull(JsonInclude include, boolean otherwise) {
    if (include == null) {
      return otherwise;
    }
    if (include.valueFilter() != Void.class
        || include.contentFilter() != Void.class
        || include.content() != JsonInclude.Include.USE_DEFAULTS
            && include.content() != JsonInclude.Include.ALWAYS) {
      throw NotPlain.INSTANCE;
    }
    return switch (include.value()) {
      case NON_NULL -> true;
      case ALWAYS -> false;
      case USE_DEFAULTS -> otherwise;
      default -> throw NotPlain.INSTANCE; // NON_EMPTY, NON_DEFAULT... are databind's to judge
    };
  }

  /**
   * Calls an accessor; what it throws comes out as databind reports it, a mapping exception with
   * the accessor's message.
   */
  private static Object invoke(Method m, Object target) throws JsonMappingException {
    try {
      return m.invoke(target);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error err) {
        throw err;
      }
      throw new JsonMappingException(null, String.valueOf(cause.getMessage()), cause);
    } catch (IllegalAccessException e) {
      throw NotPlain.INSTANCE;
    }
  }

  /** Thrown, without a stack, when a part of the value is left to databind. */
  private static final class NotPlain extends RuntimeException {
    static final NotPlain INSTANCE = new NotPlain();

    private NotPlain() {
      super(null, null, false, false);
    }
  }
}
