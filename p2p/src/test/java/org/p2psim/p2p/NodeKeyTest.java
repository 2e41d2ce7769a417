package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.p2p.Vectors.hex;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeKeyTest {
  private static final JsonNode EIP8 = Vectors.load("rlpx-eip8.json").get("eip8_handshake");
  private static final JsonNode DERIVED = EIP8.get("derived_intermediates");
  private static final String KEY_B = EIP8.get("static_key_B").asText();
  private static final String N_HEX =
      "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

  @Test
  void parsesAndDerives() {
    NodeKey key = NodeKey.parse(KEY_B);
    assertEquals(DERIVED.get("pubkey_B").asText(), key.publicKeyHex());
    assertEquals(DERIVED.get("node_id_keccak_B").asText(), key.id().hex());
    assertEquals(KEY_B, key.privateKeyHex());
    assertEquals(key, NodeKey.parse("0x" + KEY_B.toUpperCase()));
    assertEquals(key, NodeKey.fromPrivateKey(hex(KEY_B)));
    assertEquals(key.id(), NodeKey.idOf(key.publicKey()));
  }

  @Test
  void toStringHidesThePrivateKey() {
    NodeKey key = NodeKey.parse(KEY_B);
    String text = key.toString();
    assertFalse(text.contains(KEY_B), text);
    assertTrue(text.contains(key.id().hex()), text);
  }

  @Test
  void arraysAreCopied() {
    byte[] priv = hex(KEY_B);
    NodeKey key = NodeKey.fromPrivateKey(priv);
    priv[0] ^= 1;
    key.privateKey()[0] ^= 1;
    key.publicKey()[0] ^= 1;
    assertEquals(KEY_B, key.privateKeyHex());
    assertEquals(DERIVED.get("pubkey_B").asText(), key.publicKeyHex());
  }

  @Test
  void generateGivesDistinctValidKeys() {
    NodeKey a = NodeKey.generate();
    NodeKey b = NodeKey.generate();
    assertNotEquals(a, b);
    assertEquals(a, NodeKey.parse(a.privateKeyHex()));
    assertEquals(a.hashCode(), NodeKey.parse(a.privateKeyHex()).hashCode());
  }

  @Test
  void constructorRejectsAMismatchedPublicKey() {
    NodeKey a = NodeKey.parse(KEY_B);
    NodeKey b = NodeKey.generate();
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> new NodeKey(a.privateKey(), b.publicKey()));
    assertTrue(e.getMessage().startsWith("bad node key: the public key "), e.getMessage());
    var e2 =
        assertThrows(
            IllegalArgumentException.class, () -> new NodeKey(a.privateKey(), new byte[65]));
    assertEquals("bad public key: expected 64 bytes X ‖ Y, got 65", e2.getMessage());
    assertArrayEquals(a.publicKey(), new NodeKey(a.privateKey(), a.publicKey()).publicKey());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0101010101                                                         | bad private key: expected 64 hex characters, got 10",
        "0x                                                                 | bad private key: expected 64 hex characters, got 0",
        "0000000000000000000000000000000000000000000000000000000000000000   | bad private key: zero",
        "0x0000000000000000000000000000000000000000000000000000000000000000 | bad private key: zero",
        "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141   | bad private key: must be less than the secp256k1 group order n",
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff   | bad private key: must be less than the secp256k1 group order n",
        "zz1c71a67e1177ad4e901695e1b4b9ee17ae16c6668d313eac2f96dbcda3f291   | bad private key: expected 64 hex characters, got a non-hex character",
      })
  void parseRejects(String input, String message) {
    var e = assertThrows(IllegalArgumentException.class, () -> NodeKey.parse(input));
    assertEquals(message, e.getMessage());
  }

  @Test
  void nMinusOneIsAccepted() {
    String nMinusOne = N_HEX.substring(0, 63) + "0";
    assertEquals(nMinusOne, NodeKey.parse(nMinusOne).privateKeyHex());
  }

  @Test
  void idOfRejectsWrongLengths() {
    var e = assertThrows(IllegalArgumentException.class, () -> NodeKey.idOf(new byte[33]));
    assertEquals("bad public key: expected 64 bytes X ‖ Y, got 33", e.getMessage());
  }
}
