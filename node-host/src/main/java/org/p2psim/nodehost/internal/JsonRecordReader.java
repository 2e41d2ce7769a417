package org.p2psim.nodehost.internal;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a record from a streaming parser by the same annotations databind reads ({@code
 * JsonCreator}, {@code JsonProperty}, {@code JsonAlias}), so that a node host reads its input
 * without loading databind, which would cost every child JVM some 6 MiB.
 *
 * <p>It is strict where databind's defaults are lenient: no "1" for 1 or 1 for "1", no unknown
 * fields, no key or field given twice, and no null in a list or as a map's value. A missing field
 * is null, or 0 and false for a primitive; a field marked {@code required} must be there. Types:
 * records (or classes with a static {@code JsonCreator}), {@code String}, integers, booleans,
 * {@code List}, {@code Map} with string keys, and {@code Object} (any JSON, as maps, lists,
 * strings, numbers and booleans).
 */
public final class JsonRecordReader {
  /** Deeper nesting is refused: an input needs a few levels, and each costs stack. */
  static final int MAX_DEPTH = 64;

  private JsonRecordReader() {}

  /**
   * Reads one {@code type} from {@code p}, which stands before the value's first token.
   *
   * @return the value, or null when the input is empty
   * @throws IllegalArgumentException naming the field that does not fit, and how
   * @throws IOException when the JSON itself is malformed
   */
  public static <T> T read(JsonParser p, Class<T> type) throws IOException {
    if (p.nextToken() == null) {
      return null;
    }
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      throw mismatch("input", type, JsonToken.VALUE_NULL);
    }
    return type.cast(value(p, type, "input", 0));
  }

  private static Object value(JsonParser p, Type type, String path, int depth) throws IOException {
    Class<?> raw = raw(type);
    JsonToken t = p.currentToken();
    if (t.isStructStart() && depth >= MAX_DEPTH) {
      throw new IllegalArgumentException(path + ": nested deeper than " + MAX_DEPTH + " levels");
    }
    if (t == JsonToken.VALUE_NULL) {
      if (raw.isPrimitive()) {
        throw mismatch(path, raw, t);
      }
      return null;
    }
    if (raw == String.class) {
      if (t != JsonToken.VALUE_STRING) {
        throw mismatch(path, raw, t);
      }
      return p.getText();
    }
    if (raw == int.class || raw == Integer.class) {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        throw mismatch(path, raw, t);
      }
      if (p.getNumberType() != JsonParser.NumberType.INT) {
        throw new IllegalArgumentException(path + ": " + p.getText() + " is out of range");
      }
      return p.getIntValue();
    }
    if (raw == long.class || raw == Long.class) {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        throw mismatch(path, raw, t);
      }
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        throw new IllegalArgumentException(path + ": " + p.getText() + " is out of range");
      }
      return p.getLongValue();
    }
    if (raw == boolean.class || raw == Boolean.class) {
      if (!t.isBoolean()) {
        throw mismatch(path, raw, t);
      }
      return t == JsonToken.VALUE_TRUE;
    }
    if (raw == List.class) {
      return list(p, typeArgument(type, 0), path, depth);
    }
    if (raw == Map.class) {
      return map(p, typeArgument(type, 1), path, depth);
    }
    if (raw == Object.class) {
      return any(p, path, depth);
    }
    return object(p, raw, path, depth);
  }

  private static List<Object> list(JsonParser p, Type element, String path, int depth)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw mismatch(path, List.class, p.currentToken());
    }
    List<Object> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      String at = path + "[" + out.size() + "]";
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        throw mismatch(at, raw(element), JsonToken.VALUE_NULL); // no list here holds nulls
      }
      out.add(value(p, element, at, depth + 1));
    }
    return out;
  }

  private static Map<String, Object> map(JsonParser p, Type value, String path, int depth)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw mismatch(path, Map.class, p.currentToken());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      if (out.containsKey(name)) {
        throw new IllegalArgumentException(path + ": duplicate key \"" + name + "\"");
      }
      String at = path + "." + name;
      if (p.nextToken() == JsonToken.VALUE_NULL) {
        throw mismatch(at, raw(value), JsonToken.VALUE_NULL); // no map here holds nulls
      }
      out.put(name, value(p, value, at, depth + 1));
    }
    return out;
  }

  private static Object any(JsonParser p, String path, int depth) throws IOException {
    return switch (p.currentToken()) {
      case START_ARRAY -> list(p, Object.class, path, depth);
      case START_OBJECT -> map(p, Object.class, path, depth);
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
      case VALUE_TRUE -> true;
      case VALUE_FALSE -> false;
      default -> throw mismatch(path, Object.class, p.currentToken());
    };
  }

  /** A record or creator-made object: its fields by their JSON names, then its creator called. */
  private static Object object(JsonParser p, Class<?> type, String path, int depth)
      throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw mismatch(path, type, p.currentToken());
    }
    Creator creator = CREATORS.get(type);
    Object[] args = new Object[creator.names.length];
    String[] given = new String[args.length]; // the name each field came under, once read
    for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
      int i = creator.indexOf(name);
      if (i < 0) {
        throw new IllegalArgumentException(
            path
                + ": unknown field \""
                + name
                + "\" (known: "
                + String.join(", ", creator.names)
                + ")");
      }
      if (given[i] != null) {
        throw new IllegalArgumentException(
            path
                + ": duplicate field \""
                + given[i]
                + "\""
                + (given[i].equals(name) ? "" : " (also given as \"" + name + "\")"));
      }
      given[i] = name;
      p.nextToken();
      args[i] = value(p, creator.types[i], path + "." + creator.names[i], depth + 1);
    }
    for (int i = 0; i < args.length; i++) {
      if (given[i] == null && creator.required[i]) {
        throw new IllegalArgumentException(path + ": missing field \"" + creator.names[i] + "\"");
      }
      if (args[i] == null && raw(creator.types[i]).isPrimitive()) {
        args[i] = zero(creator.types[i]);
      }
    }
    try {
      return creator.call(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new IllegalArgumentException(
          path + ": " + (cause.getMessage() != null ? cause.getMessage() : cause.toString()),
          cause);
    }
  }

  private static Object zero(Type primitive) {
    return switch (raw(primitive).getName()) {
      case "long" -> 0L;
      case "double" -> 0.0;
      case "float" -> 0.0f;
      case "short" -> (short) 0;
      case "byte" -> (byte) 0;
      case "char" -> (char) 0;
      case "boolean" -> false;
      default -> 0;
    };
  }

  private static final ClassValue<Creator> CREATORS =
      new ClassValue<>() {
        @Override
        protected Creator computeValue(Class<?> type) {
          return Creator.of(type);
        }
      };

  /** How one type is made: a static JsonCreator method, or a record's canonical constructor. */
  private record Creator(
      Executable executable, String[] names, String[][] aliases, Type[] types, boolean[] required) {

    static Creator of(Class<?> type) {
      Executable e = null;
      for (Method m : type.getDeclaredMethods()) {
        if (Modifier.isStatic(m.getModifiers()) && m.isAnnotationPresent(JsonCreator.class)) {
          e = m;
        }
      }
      RecordComponent[] components = type.getRecordComponents();
      if (e == null && components != null) {
        Class<?>[] canonical =
            Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
          e = type.getDeclaredConstructor(canonical);
        } catch (NoSuchMethodException x) {
          throw new AssertionError(type + " has no canonical constructor", x);
        }
      }
      if (e == null) {
        throw new IllegalArgumentException(
            "cannot read a " + type.getName() + ": not a record and no @JsonCreator");
      }
      e.setAccessible(true);
      int n = e.getParameterCount();
      String[] names = new String[n];
      String[][] aliases = new String[n][];
      boolean[] required = new boolean[n];
      Annotation[][] annotations = e.getParameterAnnotations();
      for (int i = 0; i < n; i++) {
        names[i] =
            components != null && e instanceof Constructor<?> ? components[i].getName() : null;
        aliases[i] = new String[0];
        for (Annotation a : annotations[i]) {
          if (a instanceof JsonProperty jp && !jp.value().isEmpty()) {
            names[i] = jp.value();
            required[i] = jp.required();
          } else if (a instanceof JsonAlias alias) {
            aliases[i] = alias.value();
          }
        }
        if (names[i] == null) {
          throw new AssertionError(e + ": parameter " + i + " has no @JsonProperty name");
        }
      }
      return new Creator(e, names, aliases, e.getGenericParameterTypes(), required);
    }

    int indexOf(String name) {
      for (int i = 0; i < names.length; i++) {
        if (names[i].equals(name) || Arrays.asList(aliases[i]).contains(name)) {
          return i;
        }
      }
      return -1;
    }

    Object call(Object[] args) throws InvocationTargetException {
      try {
        return executable instanceof Method m
            ? m.invoke(null, args)
            : ((Constructor<?>) executable).newInstance(args);
      } catch (IllegalAccessException | InstantiationException e) {
        throw new AssertionError("cannot call " + executable, e);
      }
    }
  }

  private static Type typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType pt) {
      Type[] args = pt.getActualTypeArguments();
      return args.length > index ? args[index] : Object.class;
    }
    return Object.class;
  }

  private static Class<?> raw(Type t) {
    if (t instanceof Class<?> c) {
      return c;
    }
    if (t instanceof ParameterizedType pt) {
      return raw(pt.getRawType());
    }
    return Object.class; // wildcards and type variables: read as any JSON
  }

  private static IllegalArgumentException mismatch(String path, Class<?> want, JsonToken got) {
    return new IllegalArgumentException(path + ": expected " + kind(want) + ", got " + kind(got));
  }

  private static String kind(Class<?> c) {
    if (c == String.class) {
      return "a string";
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return "an integer";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "a boolean";
    }
    if (c == List.class) {
      return "an array";
    }
    return c == Object.class ? "a JSON value" : "an object";
  }

  private static String kind(JsonToken t) {
    if (t == null) {
      return "the end of the input";
    }
    return switch (t) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a fraction";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> t.toString();
    };
  }
}
