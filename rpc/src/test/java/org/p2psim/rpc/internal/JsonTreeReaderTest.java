package org.p2psim.rpc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The streaming tree reader builds the same trees as {@code ObjectMapper.readTree}. */
class JsonTreeReaderTest {

  private static void same(String json) throws Exception {
    JsonNode expected = Json.server().readTree(json);
    JsonNode fromText = Json.readTree(json);
    byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
    JsonNode fromBytes = Json.readTree(utf8, 0, utf8.length);
    assertEquals(expected, fromText, json);
    assertEquals(expected, fromBytes, json);
    // equal trees may still differ in node classes (IntNode against LongNode): compare those too
    assertEquals(expected.toString(), fromText.toString(), json);
    assertEquals(kinds(expected), kinds(fromText), json);
  }

  private static String kinds(JsonNode n) {
    StringBuilder b = new StringBuilder(n.getClass().getSimpleName());
    n.forEach(c -> b.append('(').append(kinds(c)).append(')'));
    return b.toString();
  }

  @Test
  void treesAreThoseOfReadTree() throws Exception {
    same("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"admin_peers\",\"params\":[]}");
    same("[1, 2147483648, 9223372036854775808, -1.5, 1e400, 0.1, true, false, null]");
    same("{\"a\":{\"b\":[{\"c\":[]},{}]},\"a2\":\"\\u00e9\\n\"}");
    same("{\"dup\":1,\"dup\":2}");
    same("\"just a string\"");
    same("42");
    same("[[[[[]]]]]");
  }

  @Test
  void emptyInputIsAMissingNode() throws Exception {
    assertTrue(Json.readTree("").isMissingNode());
    assertTrue(Json.readTree("  \n ").isMissingNode());
  }

  @Test
  void malformedOrTrailingInputIsAParseError() {
    assertThrows(JsonParseException.class, () -> Json.readTree("{\"a\":1"));
    assertThrows(JsonParseException.class, () -> Json.readTree("[1,]"));
    JsonParseException trailing =
        assertThrows(JsonParseException.class, () -> Json.readTree("{\"a\":1} {\"b\":2}"));
    assertTrue(
        trailing.getOriginalMessage().equals("unexpected '{' after the end of the JSON document"),
        trailing.getOriginalMessage());
    assertThrows(JsonParseException.class, () -> Json.readTree("1 2"));
    assertThrows(JsonParseException.class, () -> Json.readTree("{} x"));
  }
}
