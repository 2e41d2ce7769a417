package org.p2psim.examples.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON as the node's RPC server writes it: a plain Jackson {@link ObjectMapper}, no modules. Shapes
 * are compared as trees, so key order and spacing do not matter.
 */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** {@code value} written as JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new AssertionError("cannot write " + value + " as JSON", e);
    }
  }

  /** Parses JSON text. */
  public static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new AssertionError("bad JSON in test: " + json, e);
    }
  }

  /** Asserts that {@code value} goes to JSON as {@code expected}. */
  public static void assertJson(String expected, Object value) {
    assertEquals(read(expected), read(write(value)));
  }
}
