package org.p2psim.rpc.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON set-up shared by server and clients, and small helpers.
 *
 * <p>Jackson's databind (an {@code ObjectMapper}, some 800 classes with what it pulls in from the
 * JDK) is made only when a value needs it: requests are parsed into trees with the streaming
 * parser, and the usual results (scalars, lists, maps, plain records) are written with the
 * streaming generator, byte for byte as databind writes them. A node that serves only such methods
 * never loads it, which saves about 6 MiB in every child JVM.
 */
public final class Json {

  /** The streaming factory: parsers and generators without databind. */
  static final JsonFactory FACTORY = new JsonFactory();

  private Json() {}

  /**
   * The server's mapper: strict about parameter types (no "1" for 1, no 1 for "1", no 1.5 for an
   * int, no null for a primitive, no unknown fields), so that a caller's mistake is an error and
   * not a silent conversion. Made on first use.
   */
  public static ObjectMapper server() {
    return Mappers.SERVER;
  }

  /** The clients' mapper, lenient about fields a newer server may add. Made on first use. */
  public static ObjectMapper client() {
    return Mappers.CLIENT;
  }

  /** Holds the mappers, so that loading {@link Json} does not make them. */
  private static final class Mappers {
    static final ObjectMapper SERVER = strict();

    static final ObjectMapper CLIENT =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    @SuppressWarnings("deprecation") // ALLOW_COERCION_OF_SCALARS still sets the default coercions
    private static ObjectMapper strict() {
      ObjectMapper m =
          JsonMapper.builder()
              .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
              .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
              .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
              .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
              .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
              .build();
      for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Boolean}) {
        m.coercionConfigFor(t)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
      }
      for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float}) {
        m.coercionConfigFor(t)
            .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
      }
      m.coercionConfigFor(LogicalType.Boolean)
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
      m.coercionConfigFor(LogicalType.Integer)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
      return m;
    }
  }

  /**
   * Parses one JSON document into a tree, refusing anything after it; a missing node when the text
   * is empty.
   */
  public static JsonNode readTree(String text) throws IOException {
    try (JsonParser p = FACTORY.createParser(text)) {
      return JsonTreeReader.read(p);
    }
  }

  /** Like {@link #readTree(String)}, from UTF-8 (or UTF-16/32) bytes. */
  public static JsonNode readTree(byte[] data, int offset, int length) throws IOException {
    try (JsonParser p = FACTORY.createParser(data, offset, length)) {
      return JsonTreeReader.read(p);
    }
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, b);
    escapeLoneSurrogates(b, 1);
    return b.append('"').toString();
  }

  /**
   * Writes each surrogate of {@code b} (from {@code from}) that is not half of a pair as JSON's
   * six-character escape (backslash, u, four hex digits): JSON allows a lone surrogate there, where
   * UTF-8 would turn it into {@code ?} and a request's id would come back as another id.
   */
  private static void escapeLoneSurrogates(StringBuilder b, int from) {
    for (int i = from; i < b.length(); i++) {
      char c = b.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < b.length()
          && Character.isLowSurrogate(b.charAt(i + 1))) {
        i++; // a pair: one code point, written as UTF-8
        continue;
      }
      String escape = String.format("\\u%04x", (int) c);
      b.replace(i, i + 1, escape);
      i += escape.length() - 1;
    }
  }

  /**
   * The JSON of a string, integer or boolean without going through Jackson's databind (the common
   * results and parameters), or null for anything else.
   */
  public static String scalar(Object value) {
    if (value instanceof String s) {
      return quote(s);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
      return value.toString();
    }
    return null;
  }

  /**
   * The JSON of a server's value (a result or an event), as the server's mapper writes it; values
   * of the usual shapes are written without databind.
   *
   * @throws IllegalArgumentException when the value cannot be written
   */
  public static String write(Object value) {
    try {
      String json = JsonWriter.write(value);
      return json != null ? json : server().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot serialise a value of type "
              + value.getClass().getName()
              + " to JSON: "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
  }

  /** The JSON kind of a node as an error message names it: string, number, object... */
  public static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      case ARRAY -> "array";
      case OBJECT, POJO -> "object";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase();
    };
  }

  /**
   * What JSON a Java class expects, as an error message names it, or null when any JSON fits (for
   * {@code Object}, {@code JsonNode}).
   */
  public static String expected(Class<?> c) {
    if (c == String.class || c == char.class || c == Character.class || c.isEnum()) {
      return "string";
    }
    if (c == byte[].class) {
      return "string (base64)";
    }
    if (c == int.class
        || c == Integer.class
        || c == long.class
        || c == Long.class
        || c == short.class
        || c == Short.class
        || c == byte.class
        || c == Byte.class
        || c == java.math.BigInteger.class) {
      return "integer";
    }
    if (c == double.class
        || c == Double.class
        || c == float.class
        || c == Float.class
        || Number.class.isAssignableFrom(c)) {
      return "number";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "boolean";
    }
    if (c.isArray() || Collection.class.isAssignableFrom(c)) {
      return "array";
    }
    if (c == Object.class
        || JsonNode.class.isAssignableFrom(c)
        || c == Optional.class
        || c.isInterface() && !Map.class.isAssignableFrom(c)) {
      return null;
    }
    return "object";
  }

  /** Whether {@code node} is of the JSON kind {@code expected} names. */
  public static boolean fits(String expected, JsonNode node) {
    return switch (expected) {
      case "string", "string (base64)" -> node.isTextual();
      case "integer" -> node.isIntegralNumber();
      case "number" -> node.isNumber();
      case "boolean" -> node.isBoolean();
      case "array" -> node.isArray();
      case "object" -> node.isObject();
      default -> true;
    };
  }
}
