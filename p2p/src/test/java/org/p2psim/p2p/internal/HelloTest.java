package org.p2psim.p2p.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psim.api.Capability;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpException;
import org.p2psim.p2p.Vectors;

class HelloTest {

  @Test
  void decodesTheEip8HelloAndIgnoresItsExtraElements() {
    JsonNode v = Vectors.load("p2p-base.json").get("hello_eip8");
    Hello hello = Hello.decode(Vectors.hex(v.get("payload_hex").asText()));
    JsonNode expected = v.get("decoded_verified");
    assertEquals(55, hello.protocolVersion());
    assertEquals("kneth/v0.91/plan9", hello.clientId());
    assertEquals(
        List.of(new Capability("eth", 61), new Capability("mork", 22)), hello.capabilities());
    assertEquals(9999, hello.listenPort());
    assertArrayEquals(Vectors.hex(expected.get("nodeId").asText()), hello.nodeKey());
  }

  @Test
  void roundTripsAndSortsCapabilities() {
    byte[] key = new byte[64];
    key[0] = 1;
    Hello hello =
        new Hello(
            5,
            "p2psim/test",
            List.of(new Capability("zz", 1), new Capability("aa", 2), new Capability("aa", 1)),
            0,
            key);
    Hello back = Hello.decode(hello.encode());
    assertEquals(
        List.of(new Capability("aa", 1), new Capability("aa", 2), new Capability("zz", 1)),
        back.capabilities());
    assertEquals(5, back.protocolVersion());
    assertEquals(0, back.listenPort());
    assertArrayEquals(key, back.nodeKey());
  }

  @Test
  void rejectsAHelloWithTooFewElements() {
    byte[] bad = {(byte) 0xc2, 0x05, (byte) 0x80};
    RlpException e = assertThrows(RlpException.class, () -> Hello.decode(bad));
    assertEquals("rlp: hello has 2 elements, expected at least 5 at offset 0", e.getMessage());
  }

  /**
   * Fuzz finding (issue 11): a capability name Capability refuses threw IllegalArgumentException.
   */
  @Test
  void aBadCapabilityNameIsAnRlpExceptionAsDocumented() {
    byte[] fuzzed = Vectors.hex("f8490578c3c2800180b840" + "00".repeat(64));
    RlpException e = assertThrows(RlpException.class, () -> Hello.decode(fuzzed));
    assertEquals(
        "rlp: hello capability 0: bad capability name \"\": expected 1 to 8 printable ASCII"
            + " characters other than '/'",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ninechars", "a/b", "\u00e9th", "sp ace", "\u0661"})
  void everyCapabilityNameCapabilityRefusesIsAnRlpException(String name) {
    byte[] key = new byte[64];
    key[0] = 1;
    byte[] payload =
        Rlp.encodeList(
            Rlp.encodeLong(5),
            Rlp.encodeString("x"),
            Rlp.encodeList(
                Rlp.encodeList(Rlp.encodeString("eth"), Rlp.encodeLong(68)),
                Rlp.encodeList(Rlp.encodeString(name), Rlp.encodeLong(1))),
            Rlp.encodeLong(0),
            Rlp.encodeBytes(key));
    RlpException e = assertThrows(RlpException.class, () -> Hello.decode(payload));
    assertEquals(
        "rlp: hello capability 1: bad capability name \""
            + name
            + "\": expected 1 to 8 printable ASCII characters other than '/'",
        e.getMessage());
  }
}
