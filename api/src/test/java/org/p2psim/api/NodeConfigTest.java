package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeConfigTest {
  private static final String ID =
      "00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef";
  private static final String KEY =
      "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

  private final ObjectMapper json = new ObjectMapper();

  private NodeConfig read(String text) throws Exception {
    return json.readValue(text, NodeConfig.class);
  }

  /** The message of what the JSON creator threw, which Jackson wraps. */
  private String readError(String text) {
    JsonMappingException e = assertThrows(JsonMappingException.class, () -> read(text));
    return e.getCause().getMessage();
  }

  private static NodeConfig full() {
    return NodeConfig.builder()
        .id(NodeId.parse(ID))
        .privateKey(KEY)
        .name("node01")
        .services("pingpong", "echo")
        .property("interval", 200)
        .property("bootnode")
        .enableMsgEvents(true)
        .port(30303)
        .logFile("/tmp/node01.log")
        .logVerbosity(4)
        .build();
  }

  @Nested
  class Json {
    @Test
    void readsEveryFieldOfTheReferenceShape() throws Exception {
      NodeConfig c =
          read(
              """
              {"id":"%s","private_key":"%s","name":"node01","services":["pingpong","echo"],
               "properties":["interval=200","bootnode"],"enable_msg_events":true,"port":30303,
               "logfile":"/tmp/node01.log","log_verbosity":4}"""
                  .formatted(ID, KEY));

      assertEquals(full(), c);
    }

    @Test
    void writesEveryFieldInSnakeCase() throws Exception {
      assertEquals(
          "{\"id\":\""
              + ID
              + "\",\"private_key\":\""
              + KEY
              + "\",\"name\":\"node01\",\"services\":[\"pingpong\",\"echo\"],"
              + "\"properties\":[\"interval=200\",\"bootnode\"],\"enable_msg_events\":true,"
              + "\"port\":30303,\"logfile\":\"/tmp/node01.log\",\"log_verbosity\":4}",
          json.writeValueAsString(full()));
    }

    @Test
    void leavesOutNullFields() throws Exception {
      assertEquals(
          "{\"services\":[],\"properties\":[],\"enable_msg_events\":false,\"port\":0,"
              + "\"log_verbosity\":3}",
          json.writeValueAsString(NodeConfig.builder().build()));
    }

    @Test
    void roundTripsToAnEqualConfig() throws Exception {
      assertEquals(full(), read(json.writeValueAsString(full())));
    }

    @Test
    void missingFieldsTakeTheirDefaults() throws Exception {
      NodeConfig c = read("{}");

      assertEquals(NodeConfig.builder().build(), c);
      assertEquals(3, c.logVerbosity());
      assertEquals(0, c.port());
      assertFalse(c.enableMsgEvents());
      assertEquals(List.of(), c.services());
      assertEquals(List.of(), c.properties());
    }

    @Test
    void acceptsLifecyclesAsAnAliasOfServicesAndWritesServices() throws Exception {
      NodeConfig c = read("{\"lifecycles\":[\"pingpong\"]}");

      assertEquals(List.of("pingpong"), c.services());
      assertTrue(json.writeValueAsString(c).contains("\"services\":[\"pingpong\"]"));
      assertFalse(json.writeValueAsString(c).contains("lifecycles"));
    }

    @Test
    void readsAConfigAsTheReferenceWritesIt() throws Exception {
      // go-ethereum writes "" for a missing key, name and log file, and null for empty lists.
      NodeConfig c =
          read(
              """
              {"id":"%s","private_key":"","name":"","lifecycles":["pingpong"],"properties":null,
               "enable_msg_events":false,"port":0,"logfile":"","log_verbosity":3}"""
                  .formatted(ID));

      assertEquals(NodeConfig.builder().id(NodeId.parse(ID)).services("pingpong").build(), c);
    }

    @Test
    void readsAnEmptyIdAsAbsent() throws Exception {
      assertNull(read("{\"id\":\"\"}").id());
    }

    @Test
    void badIdFailsWithTheNodeIdMessage() {
      assertEquals(
          "bad node id \"abc\": expected 64 hex characters, got 3", readError("{\"id\":\"abc\"}"));
    }

    @Test
    void propertiesAsAListOfStringsAreKept() throws Exception {
      assertEquals(
          List.of("interval=200", "bootnode"),
          read("{\"properties\":[\"interval=200\",\"bootnode\"]}").properties());
    }

    @Test
    void propertiesAsAnObjectBecomeKeyValueTagsInOrder() throws Exception {
      NodeConfig c = read("{\"properties\":{\"interval\":200,\"mode\":\"fast\",\"on\":true}}");

      assertEquals(List.of("interval=200", "mode=fast", "on=true"), c.properties());
      assertEquals(200, c.longProperty("interval", 0));
    }

    @Test
    void propertiesReadAsAnObjectAreWrittenAsAList() throws Exception {
      assertEquals(
          "{\"services\":[],\"properties\":[\"interval=200\"],\"enable_msg_events\":false,"
              + "\"port\":0,\"log_verbosity\":3}",
          json.writeValueAsString(read("{\"properties\":{\"interval\":200}}")));
    }

    @Test
    void propertiesOfAnotherShapeAreRejected() {
      assertEquals(
          "bad properties: expected a list of strings or an object, got interval=200",
          readError("{\"properties\":\"interval=200\"}"));
    }

    @Test
    void portOutOfRangeIsRejected() {
      assertEquals("bad port 65536: expected 0 to 65535", readError("{\"port\":65536}"));
    }

    @Test
    void logVerbosityOutOfRangeIsRejected() {
      assertEquals(
          "bad log_verbosity 6: expected 0 (silent) to 5 (trace)",
          readError("{\"log_verbosity\":6}"));
    }

    @Test
    void badPrivateKeyIsRejectedWithoutShowingIt() {
      String message = readError("{\"private_key\":\"" + KEY.substring(2) + "\"}");

      assertEquals("bad private_key: expected 64 hex characters, got 62 characters", message);
    }
  }

  @Nested
  class PrivateKey {
    @Test
    void dropsThe0xPrefixAndLowerCases() {
      NodeConfig c = NodeConfig.builder().privateKey("0x" + KEY.toUpperCase(Locale.ROOT)).build();

      assertEquals(KEY, c.privateKey());
    }

    @Test
    void privateKeyBytesAreTheThirtyTwoBytesOfTheHex() {
      NodeConfig c = NodeConfig.builder().privateKey(KEY).build();

      assertArrayEquals(HexFormat.of().parseHex(KEY), c.privateKeyBytes());
    }

    @Test
    void privateKeyBytesAreNullWithoutAKey() {
      assertNull(NodeConfig.builder().build().privateKeyBytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0x", "ab"})
    void tooShortIsRejectedWithTheDigitCount(String key) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> NodeConfig.builder().privateKey(key).build());
      int digits = key.startsWith("0x") ? key.length() - 2 : key.length();
      assertEquals(
          "bad private_key: expected 64 hex characters, got " + digits + " characters",
          e.getMessage());
    }

    @Test
    void tooLongIsRejectedWithTheDigitCount() {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> NodeConfig.builder().privateKey(KEY + "00").build());
      assertEquals(
          "bad private_key: expected 64 hex characters, got 66 characters", e.getMessage());
    }

    @Test
    void nonHexIsRejectedAsNonHexWithoutShowingTheKey() {
      String bad = KEY.substring(0, 63) + "g";
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> NodeConfig.builder().privateKey(bad).build());
      assertEquals(
          "bad private_key: expected 64 hex characters, got a non-hex character", e.getMessage());
    }

    @Test
    void toStringHidesTheKey() {
      NodeConfig c = full().toBuilder().privateKey("0x" + KEY.toUpperCase(Locale.ROOT)).build();

      assertEquals(
          "NodeConfig[id="
              + ID
              + ", name=node01, services=[pingpong, echo], properties=[interval=200, bootnode],"
              + " enableMsgEvents=true, port=30303, privateKey=<hidden>]",
          c.toString());
    }

    @Test
    void toStringOfAConfigWithoutKeySaysNothingOfAKey() {
      assertEquals(
          "NodeConfig[id=null, name=null, services=[], properties=[], enableMsgEvents=false,"
              + " port=0]",
          NodeConfig.builder().build().toString());
    }

    @Test
    void withoutPrivateKeyDropsOnlyTheKey() {
      NodeConfig c = full().withoutPrivateKey();

      assertNull(c.privateKey());
      assertEquals(full().toBuilder().privateKey(null).build(), c);
    }

    @Test
    void withoutPrivateKeyOfAConfigWithoutKeyIsTheSameConfig() {
      NodeConfig c = NodeConfig.builder().name("n").build();

      assertSame(c, c.withoutPrivateKey());
    }
  }

  @Nested
  class Properties {
    private final NodeConfig config =
        NodeConfig.builder()
            .property("bootnode")
            .property("intervalMs=5")
            .property("interval=200")
            .property("interval=300")
            .property("=orphan")
            .property("url", "a=b")
            .property("bad", "fast")
            .property("spaced", " 42 ")
            .build();

    @Test
    void propertyIsTheValueOfTheFirstEntryWithThatKey() {
      assertEquals(Optional.of("200"), config.property("interval"));
    }

    @Test
    void propertyKeepsEqualsSignsInTheValue() {
      assertEquals(Optional.of("a=b"), config.property("url"));
    }

    @Test
    void propertyIsEmptyForAbsentKeysAndPlainTags() {
      assertEquals(Optional.empty(), config.property("missing"));
      assertEquals(Optional.empty(), config.property("bootnode"));
    }

    @Test
    void longPropertyParsesTheValue() {
      assertEquals(200, config.longProperty("interval", 1000));
      assertEquals(42, config.longProperty("spaced", 0));
    }

    @Test
    void longPropertyOfAnAbsentKeyIsTheDefault() {
      assertEquals(1000, config.longProperty("missing", 1000));
    }

    @Test
    void longPropertyOfANonNumberNamesTheEntry() {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> config.longProperty("bad", 0));
      assertEquals("bad property bad=fast: expected an integer", e.getMessage());
    }

    @Test
    void settingsMapsEachKeyToItsFirstValueInOrderAndLeavesOutTags() {
      assertEquals(
          List.of(
              Map.entry("intervalMs", "5"),
              Map.entry("interval", "200"),
              Map.entry("url", "a=b"),
              Map.entry("bad", "fast"),
              Map.entry("spaced", " 42 ")),
          List.copyOf(config.settings().entrySet()));
    }

    @Test
    void settingsAreNotWrittenToJson() throws Exception {
      assertFalse(json.writeValueAsString(config).contains("settings"));
    }
  }

  @Nested
  class Builder {
    @Test
    void startsEmptyWithInfoVerbosity() {
      NodeConfig c = NodeConfig.builder().build();

      assertNull(c.id());
      assertNull(c.privateKey());
      assertNull(c.name());
      assertEquals(List.of(), c.services());
      assertEquals(List.of(), c.properties());
      assertFalse(c.enableMsgEvents());
      assertEquals(0, c.port());
      assertNull(c.logFile());
      assertEquals(3, c.logVerbosity());
    }

    @Test
    void setsEveryField() {
      NodeConfig c = full();

      assertEquals(NodeId.parse(ID), c.id());
      assertEquals(KEY, c.privateKey());
      assertEquals("node01", c.name());
      assertEquals(List.of("pingpong", "echo"), c.services());
      assertEquals(List.of("interval=200", "bootnode"), c.properties());
      assertTrue(c.enableMsgEvents());
      assertEquals(30303, c.port());
      assertEquals("/tmp/node01.log", c.logFile());
      assertEquals(4, c.logVerbosity());
    }

    @Test
    void servicesTakesAListToo() {
      assertEquals(
          List.of("a", "b"), NodeConfig.builder().services(List.of("a", "b")).build().services());
    }

    @Test
    void toBuilderCopiesEveryField() {
      assertEquals(full(), full().toBuilder().build());
    }

    @Test
    void toBuilderLeavesTheOriginalAlone() {
      NodeConfig original = full();

      NodeConfig changed = original.toBuilder().property("extra").services("other").build();

      assertEquals(full(), original);
      assertEquals(List.of("interval=200", "bootnode", "extra"), changed.properties());
      assertEquals(List.of("other"), changed.services());
    }

    @Test
    void configsDoNotChangeWhenTheBuilderIsUsedAgain() {
      NodeConfig.Builder b = NodeConfig.builder().property("a=1");
      NodeConfig first = b.build();

      b.property("b=2");

      assertEquals(List.of("a=1"), first.properties());
    }

    @Test
    void listsAreImmutable() {
      NodeConfig c = full();

      assertThrows(UnsupportedOperationException.class, () -> c.services().add("x"));
      assertThrows(UnsupportedOperationException.class, () -> c.properties().add("x"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535})
    void acceptsPortsFromZeroTo65535(int port) {
      assertEquals(port, NodeConfig.builder().port(port).build().port());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536, Integer.MAX_VALUE})
    void rejectsOtherPorts(int port) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> NodeConfig.builder().port(port).build());
      assertEquals("bad port " + port + ": expected 0 to 65535", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5})
    void acceptsLogVerbosityFromZeroToFive(int level) {
      assertEquals(level, NodeConfig.builder().logVerbosity(level).build().logVerbosity());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 6})
    void rejectsOtherLogVerbosities(int level) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> NodeConfig.builder().logVerbosity(level).build());
      assertEquals(
          "bad log_verbosity " + level + ": expected 0 (silent) to 5 (trace)", e.getMessage());
    }
  }
}
