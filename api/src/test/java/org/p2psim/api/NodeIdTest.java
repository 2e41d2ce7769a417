package org.p2psim.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {
  private static final String HEX =
      "00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef";

  private final ObjectMapper json = new ObjectMapper();

  @Test
  void parseReadsSixtyFourHexDigits() {
    NodeId id = NodeId.parse(HEX);

    assertEquals(HEX, id.hex());
    assertArrayEquals(HexFormat.of().parseHex(HEX), id.bytes());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x", "0X"})
  void parseAcceptsAHexPrefix(String prefix) {
    assertEquals(HEX, NodeId.parse(prefix + HEX).hex());
  }

  @Test
  void parseAcceptsUpperCaseAndHexWritesLowerCase() {
    assertEquals(HEX, NodeId.parse("0x" + HEX.toUpperCase(Locale.ROOT)).hex());
  }

  @Test
  void parseOfTooFewDigitsNamesTheInputAndCountsTheDigitsAfterThePrefix() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeId.parse("0xabc"));
    assertEquals("bad node id \"0xabc\": expected 64 hex characters, got 3", e.getMessage());
  }

  @Test
  void parseOfTooManyDigitsNamesTheInputAndTheCount() {
    String tooLong = HEX + "00";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeId.parse(tooLong));
    assertEquals(
        "bad node id \"" + tooLong + "\": expected 64 hex characters, got 66", e.getMessage());
  }

  @Test
  void parseOfAnEmptyStringSaysItGotNoDigits() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeId.parse(""));
    assertEquals("bad node id \"\": expected 64 hex characters, got 0", e.getMessage());
  }

  @Test
  void parseOfNonHexNamesTheInputAndTheBadCharacter() {
    String bad = HEX.substring(0, 62) + "g1";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeId.parse(bad));
    assertEquals(
        "bad node id \"" + bad + "\": not hexadecimal (not a hexadecimal digit: \"g\" = 103)",
        e.getMessage());
  }

  @Test
  void parseOfNullNamesTheParameter() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> NodeId.parse(null));
    assertEquals("hex", e.getMessage());
  }

  @Test
  void ofWrapsThirtyTwoBytes() {
    assertEquals(HEX, NodeId.of(HexFormat.of().parseHex(HEX)).hex());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 31, 33, 64})
  void ofRejectsOtherLengthsWithTheLengthItGot(int length) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeId.of(new byte[length]));
    assertEquals("bad node id: expected 32 bytes, got " + length, e.getMessage());
  }

  @Test
  void ofCopiesItsInputAndBytesReturnsACopy() {
    byte[] input = HexFormat.of().parseHex(HEX);
    NodeId id = NodeId.of(input);

    input[0] = 0x7f;
    id.bytes()[0] = 0x7f;

    assertEquals(HEX, id.hex());
  }

  @Test
  void shortHexIsTheFirstTwelveHexCharacters() {
    assertEquals("001122334455", NodeId.parse(HEX).shortHex());
  }

  @Test
  void toStringIsTheHex() {
    assertEquals(HEX, NodeId.parse("0x" + HEX).toString());
  }

  @Test
  void idsOfEqualBytesAreEqualAndHashAlike() {
    NodeId parsed = NodeId.parse(HEX.toUpperCase(Locale.ROOT));
    NodeId wrapped = NodeId.of(HexFormat.of().parseHex(HEX));

    assertEquals(parsed, wrapped);
    assertEquals(parsed.hashCode(), wrapped.hashCode());
    assertEquals(0, parsed.compareTo(wrapped));
  }

  @Test
  void idsOfDifferentBytesAreNotEqual() {
    NodeId id = NodeId.parse(HEX);

    assertNotEquals(id, NodeId.parse(HEX.substring(0, 63) + "0"));
    assertNotEquals(id, NodeId.of(new byte[32]));
    assertNotEquals((Object) HEX, id);
  }

  @Test
  void ordersByBytesReadAsUnsigned() {
    NodeId zero = NodeId.parse("00".repeat(32));
    NodeId below = NodeId.parse("7f" + "ff".repeat(31));
    NodeId above = NodeId.parse("80" + "00".repeat(31));
    NodeId max = NodeId.parse("ff".repeat(32));
    List<NodeId> ids = new ArrayList<>(List.of(max, above, zero, below));

    ids.sort(null);

    assertEquals(List.of(zero, below, above, max), ids);
  }

  @Test
  void ordersByTheLastByteWhenTheOthersAreEqual() {
    NodeId a = NodeId.parse("00".repeat(31) + "01");
    NodeId b = NodeId.parse("00".repeat(31) + "02");

    assertEquals(-1, Integer.signum(a.compareTo(b)));
    assertEquals(1, Integer.signum(b.compareTo(a)));
  }

  @Test
  void jsonIsTheBareHexString() throws Exception {
    assertEquals("\"" + HEX + "\"", json.writeValueAsString(NodeId.parse("0x" + HEX)));
  }

  @Test
  void jsonIsReadWithOrWithoutPrefixInEitherCase() throws Exception {
    NodeId id = NodeId.parse(HEX);

    assertEquals(id, json.readValue("\"" + HEX + "\"", NodeId.class));
    assertEquals(id, json.readValue("\"0x" + HEX.toUpperCase(Locale.ROOT) + "\"", NodeId.class));
  }

  @Test
  void jsonMapKeysAreTheHex() throws Exception {
    Map<NodeId, Integer> byId = Map.of(NodeId.parse(HEX), 7);

    String text = json.writeValueAsString(byId);

    assertEquals("{\"" + HEX + "\":7}", text);
    assertEquals(byId, json.readValue(text, new TypeReference<Map<NodeId, Integer>>() {}));
  }

  @Test
  void jsonWithABadIdFailsWithTheParseMessage() {
    JsonMappingException e =
        assertThrows(JsonMappingException.class, () -> json.readValue("\"abc\"", NodeId.class));
    assertEquals(
        "bad node id \"abc\": expected 64 hex characters, got 3", e.getCause().getMessage());
  }
}
