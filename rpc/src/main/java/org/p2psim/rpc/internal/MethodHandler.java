package org.p2psim.rpc.internal;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;
import org.p2psim.api.spi.RpcSubscriber;

/**
 * One served method of one object: how to map its positional JSON parameters and how to call it.
 * What depends on the method alone (its {@link Shape}: the parameters' types, worked out once) is
 * shared by every object of its class, so that thousands of in-process nodes serving the same APIs
 * do not each hold a copy; strings, integers and booleans are read from the tree directly, and a
 * databind reader is made for any other type on its first call.
 */
final class MethodHandler {
  final String name;
  final Object target;
  final boolean subscription;
  private final Shape shape;

  MethodHandler(String name, Shape shape, Object target) {
    this.name = name;
    this.shape = shape;
    this.target = target;
    this.subscription = shape.subscription;
  }

  /** A method's parameters and kind, the same for every object it is served on. Immutable. */
  static final class Shape {
    final Method method;
    final boolean subscription;
    final boolean accessible;
    private final Param[] params;

    Shape(Method method) {
      this.method = method;
      this.accessible = method.trySetAccessible();
      Type[] types = method.getGenericParameterTypes();
      this.subscription = types.length > 0 && method.getParameterTypes()[0] == RpcSubscriber.class;
      int first = subscription ? 1 : 0;
      this.params = new Param[types.length - first];
      for (int i = first; i < types.length; i++) {
        params[i - first] = new Param(types[i]);
      }
    }
  }

  /** The Java signature, for error messages: {@code peers(int, java.lang.String)}. */
  String signature() {
    return shape.method.getName()
        + Arrays.stream(shape.method.getGenericParameterTypes())
            .map(Type::getTypeName)
            .collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * Maps {@code json[offset..]} to the method's arguments, leaving slot 0 empty for the subscriber
   * of a subscription method.
   *
   * @param json the params array, or null for none
   * @throws InvalidParamsException saying which parameter and what was expected
   */
  Object[] arguments(JsonNode json, int offset) {
    Param[] params = shape.params;
    int given = json == null ? 0 : Math.max(0, json.size() - offset);
    if (given > params.length) {
      throw new InvalidParamsException("too many arguments, want at most " + params.length);
    }
    int first = subscription ? 1 : 0;
    Object[] args = new Object[first + params.length];
    for (int i = 0; i < params.length; i++) {
      JsonNode node = i < given ? json.get(offset + i) : null;
      args[first + i] = params[i].read(node, offset + i);
    }
    return args;
  }

  /**
   * Calls the method.
   *
   * @throws Throwable whatever the method threw, unwrapped
   */
  Object invoke(Object[] args) throws Throwable {
    try {
      return shape.method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    } catch (IllegalAccessException | IllegalArgumentException e) {
      throw new AssertionError("cannot call " + shape.method + " reflectively", e);
    }
  }

  private static final java.util.regex.Pattern HINTS =
      java.util.regex.Pattern.compile("\\s*\\((?:set |but (?:might|could) )[^)]*\\)");

  /** One parameter's type and how to read it. */
  private static final class Param {
    private final Type type;
    private final Type valueType; // type, or T of Optional<T>
    private final boolean optional;
    private final String expected;
    private final Class<?> raw;
    private volatile ObjectReader reader; // made on first use: it loads databind

    Param(Type type) {
      this.type = type;
      this.optional = raw(type) == Optional.class;
      this.valueType =
          optional
              ? (type instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class)
              : type;
      this.raw = raw(valueType);
      this.expected = Json.expected(raw);
    }

    /** The class a type erases to. */
    private static Class<?> raw(Type t) {
      if (t instanceof Class<?> c) {
        return c;
      }
      if (t instanceof ParameterizedType p) {
        return raw(p.getRawType());
      }
      if (t instanceof GenericArrayType a) {
        return raw(a.getGenericComponentType()).arrayType();
      }
      if (t instanceof WildcardType w) {
        return raw(w.getUpperBounds()[0]);
      }
      if (t instanceof TypeVariable<?> v) {
        return raw(v.getBounds()[0]);
      }
      return Object.class;
    }

    private ObjectReader reader() {
      ObjectReader r = reader;
      if (r == null) {
        r = Json.server().readerFor(Json.server().constructType(valueType));
        reader = r;
      }
      return r;
    }

    Object read(JsonNode node, int index) {
      if (node == null || node.isNull()) {
        if (optional) {
          return Optional.empty();
        }
        // Only an Optional may be left out or null: a method never sees a null argument.
        throw new InvalidParamsException(
            node == null
                ? "missing value for required argument " + index
                : "invalid argument "
                    + index
                    + ": expected "
                    + (expected != null ? expected : "a value")
                    + ", got null");
      }
      Object value = fast(node);
      if (value == null) {
        value = slow(node, index);
      }
      return optional ? Optional.ofNullable(value) : value;
    }

    /** The common scalar cases without Jackson's databind, or null. */
    private Object fast(JsonNode node) {
      if (raw == String.class) {
        return node.isTextual() ? node.textValue() : null;
      }
      if (raw == int.class || raw == Integer.class) {
        return node.isInt() ? node.intValue() : null;
      }
      if (raw == long.class || raw == Long.class) {
        return node.isInt() || node.isLong() ? node.longValue() : null;
      }
      if (raw == boolean.class || raw == Boolean.class) {
        return node.isBoolean() ? node.booleanValue() : null;
      }
      return null;
    }

    private Object slow(JsonNode node, int index) {
      if (expected != null && !Json.fits(expected, node)) {
        throw new InvalidParamsException(
            "invalid argument " + index + ": expected " + expected + ", got " + Json.kind(node));
      }
      try {
        return reader().readValue(node);
      } catch (JsonMappingException e) {
        throw new InvalidParamsException(
            "invalid argument " + index + ": " + clean(e.getOriginalMessage()) + path(e));
      } catch (IOException | RuntimeException e) {
        throw new InvalidParamsException(
            "invalid argument "
                + index
                + ": cannot read "
                + type.getTypeName()
                + ": "
                + e.getMessage());
      }
    }

    /** Jackson's message without its hints about Jackson's own settings. */
    private static String clean(String message) {
      return HINTS.matcher(message).replaceAll("");
    }

    private static String path(JsonMappingException e) {
      StringBuilder b = new StringBuilder();
      for (JsonMappingException.Reference r : e.getPath()) {
        if (r.getFieldName() != null) {
          b.append('.').append(r.getFieldName());
        } else if (r.getIndex() >= 0) {
          b.append('[').append(r.getIndex()).append(']');
        }
      }
      return b.length() == 0 ? "" : " (at " + b + ")";
    }
  }

  /** Parameters that do not fit: -32602 with this message. */
  static final class InvalidParamsException extends RuntimeException {
    InvalidParamsException(String message) {
      super(message, null, false, false);
    }
  }
}
