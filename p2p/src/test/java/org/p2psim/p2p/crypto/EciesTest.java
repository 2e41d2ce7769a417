package org.p2psim.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.p2p.Vectors.hex;
import static org.p2psim.p2p.Vectors.toHex;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psim.p2p.Vectors;

class EciesTest {
  private static final JsonNode RLPX = Vectors.load("rlpx-eip8.json");
  private static final JsonNode EIP8 = RLPX.get("eip8_handshake");
  private static final JsonNode DECRYPTED = EIP8.get("derived_intermediates").get("decrypted");
  private static final Map<String, String> PACKETS =
      Map.of(
          "auth1", "auth1_v4_pre_eip8",
          "auth2", "auth2_eip8_vsn4",
          "auth3", "auth3_eip8_vsn56_extra",
          "ack1", "ack1_v4_pre_eip8",
          "ack2", "ack2_eip8_vsn4",
          "ack3", "ack3_eip8_vsn57_extra");
  private static final Secp256k1 EC = Secp256k1.get();

  @Test
  void concatKdfMatchesGoEthereum() {
    JsonNode v = RLPX.get("ecies").get("concat_kdf_sha256");
    byte[] z = v.get("z_ascii").asText().getBytes(StandardCharsets.US_ASCII);
    for (Iterator<Map.Entry<String, JsonNode>> it = v.get("outputs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      assertEquals(e.getValue().asText(), toHex(Ecies.concatKdf(z, Integer.parseInt(e.getKey()))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"auth1", "auth2", "auth3", "ack1", "ack2", "ack3"})
  void decryptsTheEip8Packets(String name) {
    JsonNode expected = DECRYPTED.get(name);
    byte[] packet = hex(EIP8.get("packets").get(PACKETS.get(name)).get("hex"));
    byte[] key = hex(EIP8.get(name.startsWith("auth") ? "static_key_B" : "static_key_A"));
    byte[] plaintext;
    if (name.endsWith("1")) {
      plaintext = Ecies.decrypt(key, packet, new byte[0]);
    } else {
      byte[] prefix = Arrays.copyOf(packet, 2);
      assertEquals(expected.get("size_prefix").asText(), toHex(prefix));
      assertEquals(packet.length - 2, ((prefix[0] & 0xff) << 8) | (prefix[1] & 0xff));
      plaintext = Ecies.decrypt(key, packet, 2, packet.length - 2, prefix);
    }
    assertEquals(expected.get("plaintext").asText(), toHex(plaintext));

    // The intermediate values, too.
    int rOffset = name.endsWith("1") ? 0 : 2;
    assertEquals(
        expected.get("ecies_ephemeral_pubkey").asText(),
        toHex(Arrays.copyOfRange(packet, rOffset + 1, rOffset + 65)));
    assertEquals(
        expected.get("ecies_iv").asText(),
        toHex(Arrays.copyOfRange(packet, rOffset + 65, rOffset + 81)));
    byte[] z = hex(expected.get("ecies_shared_z"));
    byte[] k = Ecies.concatKdf(z, 32);
    assertEquals(expected.get("ecies_kE").asText(), toHex(Arrays.copyOf(k, 16)));
    assertEquals(expected.get("ecies_kM_sha256").asText(), toHex(Ecies.macKey(k)));
  }

  @Test
  void eip8PacketsNeedTheirSizePrefixAsS2() {
    byte[] packet = hex(EIP8.get("packets").get("auth2_eip8_vsn4").get("hex"));
    byte[] key = hex(EIP8.get("static_key_B"));
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ecies.decrypt(key, packet, 2, packet.length - 2, new byte[0]));
    assertEquals("ecies: invalid message (MAC mismatch)", e.getMessage());
  }

  @Test
  void roundTrips() {
    byte[] priv = EC.generatePrivateKey();
    byte[] pub = EC.publicKey(priv);
    for (int size : new int[] {0, 1, 15, 16, 17, 194, 500}) {
      byte[] plaintext = new byte[size];
      Arrays.fill(plaintext, (byte) size);
      byte[] s2 = {1, 2};
      byte[] message = Ecies.encrypt(pub, plaintext, s2);
      assertEquals(size + Ecies.OVERHEAD, message.length);
      assertArrayEquals(plaintext, Ecies.decrypt(priv, message, s2));
    }
  }

  @Test
  void deterministicEncryptionIsReproducible() {
    byte[] recipient = EC.publicKey(hex(EIP8.get("static_key_B")));
    byte[] ephemeral = hex(EIP8.get("ephemeral_key_A"));
    byte[] iv = new byte[16];
    byte[] a = Ecies.encrypt(recipient, new byte[] {1, 2, 3}, new byte[0], ephemeral, iv);
    byte[] b = Ecies.encrypt(recipient, new byte[] {1, 2, 3}, new byte[0], ephemeral, iv);
    assertArrayEquals(a, b);
    assertArrayEquals(EC.publicKey(ephemeral), Arrays.copyOfRange(a, 1, 65));
  }

  @Test
  void rejectsTamperingAndBadInput() {
    byte[] priv = EC.generatePrivateKey();
    byte[] pub = EC.publicKey(priv);
    byte[] message = Ecies.encrypt(pub, new byte[100], new byte[0]);
    for (int i : new int[] {65, 80, 81, 150, message.length - 1}) {
      byte[] bad = message.clone();
      bad[i] ^= 1;
      var e =
          assertThrows(IllegalArgumentException.class, () -> Ecies.decrypt(priv, bad, new byte[0]));
      assertEquals("ecies: invalid message (MAC mismatch)", e.getMessage());
    }
    byte[] offCurve = message.clone();
    offCurve[64] ^= 1;
    var e1 =
        assertThrows(
            IllegalArgumentException.class, () -> Ecies.decrypt(priv, offCurve, new byte[0]));
    assertTrue(e1.getMessage().startsWith("ecies: invalid public key R"), e1.getMessage());
    byte[] compressed = message.clone();
    compressed[0] = 2;
    var e2 =
        assertThrows(
            IllegalArgumentException.class, () -> Ecies.decrypt(priv, compressed, new byte[0]));
    assertTrue(e2.getMessage().startsWith("ecies: invalid public key R"), e2.getMessage());
    var e3 =
        assertThrows(
            IllegalArgumentException.class,
            () -> Ecies.decrypt(priv, Arrays.copyOf(message, 112), new byte[0]));
    assertEquals("ecies: message too short: expected at least 113 bytes, got 112", e3.getMessage());
    byte[] other = EC.generatePrivateKey();
    assertThrows(IllegalArgumentException.class, () -> Ecies.decrypt(other, message, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> Ecies.decrypt(priv, message, new byte[1]));
  }
}
