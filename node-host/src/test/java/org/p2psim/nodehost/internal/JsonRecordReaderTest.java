package org.p2psim.nodehost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psim.nodehost.NodeHostInput;

/** The node host's input, read without databind, is what databind reads from the same JSON. */
class JsonRecordReaderTest {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper DATABIND = new ObjectMapper();

  private static NodeHostInput read(String json) throws Exception {
    try (JsonParser p = FACTORY.createParser(json)) {
      return JsonRecordReader.read(p, NodeHostInput.class);
    }
  }

  private static String error(String json) {
    return assertThrows(IllegalArgumentException.class, () -> read(json)).getMessage();
  }

  @Test
  void validInputsReadAsDatabindReadsThem() throws Exception {
    String key = "ab".repeat(32);
    for (String json :
        List.of(
            "{\"node\":{\"name\":\"a\",\"services\":[\"pingpong\"]}}",
            "{\"node\":{\"id\":\"\",\"private_key\":\"0x"
                + key
                + "\",\"name\":\"\",\"lifecycles\":[\"gossip\",\"pingpong\"],"
                + "\"properties\":{\"interval\":200,\"mode\":\"fast\"},\"enable_msg_events\":true,"
                + "\"port\":30303,\"logfile\":\"\",\"log_verbosity\":5},\"data_dir\":\"/d\","
                + "\"snapshots\":{\"pingpong\":\"AA==\"},\"peer_addrs\":{\""
                + "cd".repeat(32)
                + "\":\"ws://127.0.0.1:1\"},\"stack\":{\"host\":\"::1\",\"rpc_port\":8545}}",
            // go-ethereum's exec adapter sends "" for a node whose address it does not know yet.
            "{\"node\":{\"services\":[\"pingpong\"]},\"peer_addrs\":{\""
                + "cd".repeat(32)
                + "\":\"\"}}",
            "{\"node\":{\"properties\":[\"tag\",\"k=v\"],\"log_verbosity\":null},"
                + "\"snapshots\":null,\"stack\":{}}",
            "{\"node\":{\"id\":\""
                + "ef".repeat(32)
                + "\",\"private_key\":\""
                + key
                + "\",\"services\":[]},\"data_dir\":null}")) {
      assertEquals(DATABIND.readValue(json, NodeHostInput.class), read(json), json);
    }
  }

  @Test
  void emptyInputIsNull() throws Exception {
    assertNull(read(""));
  }

  @Test
  void mistakesNameTheFieldAndWhatWasWrong() {
    assertEquals("input: missing field \"node\"", error("{\"data_dir\":\"/d\"}"));
    assertEquals("input: \"node\" must not be null", error("{\"node\":null}"));
    assertEquals(
        "input: unknown field \"nodes\" (known: node, data_dir, snapshots, peer_addrs, stack)",
        error("{\"nodes\":{}}"));
    assertEquals(
        "input.node.port: expected an integer, got a string",
        error("{\"node\":{\"port\":\"30303\"}}"));
    assertEquals(
        "input.node.port: 3000000000 is out of range", error("{\"node\":{\"port\":3000000000}}"));
    assertEquals(
        "input.node.enable_msg_events: expected a boolean, got null",
        error("{\"node\":{\"enable_msg_events\":null}}"));
    assertEquals(
        "input.node.services[1]: expected a string, got an integer",
        error("{\"node\":{\"services\":[\"a\",1]}}"));
    assertEquals(
        "input.stack: expected an object, got an array", error("{\"node\":{},\"stack\":[]}"));
    assertEquals(
        "input.node: bad port 70000: expected 0 to 65535", error("{\"node\":{\"port\":70000}}"));
    assertEquals("input: expected an object, got an array", error("[]"));
    assertEquals("input: expected an object, got null", error("null"));
    assertEquals(
        "input.node.services[1]: expected a string, got null",
        error("{\"node\":{\"services\":[\"a\",null]}}"));
    String deep = "[".repeat(5000) + "]".repeat(5000);
    assertTrue(
        error("{\"node\":{\"properties\":" + deep + "}}")
            .endsWith(": nested deeper than " + JsonRecordReader.MAX_DEPTH + " levels"));
  }

  @Test
  void nullsInMapsAreRefusedWithTheirPath() {
    String id = "cd".repeat(32);
    assertEquals(
        "input.peer_addrs." + id + ": expected a string, got null",
        error("{\"node\":{},\"peer_addrs\":{\"" + id + "\":null}}"));
    assertEquals(
        "input.snapshots.pingpong: expected a string, got null",
        error("{\"node\":{},\"snapshots\":{\"pingpong\":null}}"));
    assertEquals(
        "input.node.properties.k: expected a JSON value, got null",
        error("{\"node\":{\"properties\":{\"k\":null}}}"));
  }

  @Test
  void duplicateKeysAreRefusedAnywhereWithTheirPath() {
    assertEquals(
        "input: duplicate field \"node\"",
        error("{\"node\":{\"name\":\"a\"},\"node\":{\"name\":\"b\"}}"));
    assertEquals(
        "input.node: duplicate field \"name\"",
        error("{\"node\":{\"name\":\"a\",\"name\":\"b\"}}"));
    assertEquals(
        "input.node: duplicate field \"services\" (also given as \"lifecycles\")",
        error("{\"node\":{\"services\":[],\"lifecycles\":[]}}"));
    assertEquals(
        "input.snapshots: duplicate key \"a\"",
        error("{\"node\":{},\"snapshots\":{\"a\":\"AA==\",\"a\":\"AQ==\"}}"));
    assertEquals(
        "input.node.properties: duplicate key \"k\"",
        error("{\"node\":{\"properties\":{\"k\":1,\"k\":2}}}"));
  }

  @Test
  void anEmptyDataDirIsRefused() {
    assertEquals(
        "input: \"data_dir\" must not be empty: leave it out for a fresh temp directory",
        error("{\"node\":{},\"data_dir\":\"\"}"));
  }

  @Test
  void malformedJsonIsAParseError() {
    assertThrows(JsonParseException.class, () -> read("{\"node\":{"));
    assertThrows(JsonParseException.class, () -> read("{\"node\" 1}"));
  }
}
