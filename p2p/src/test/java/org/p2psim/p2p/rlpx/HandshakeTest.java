package org.p2psim.p2p.rlpx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.p2p.Vectors.hex;
import static org.p2psim.p2p.Vectors.toHex;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.Vectors;
import org.p2psim.p2p.crypto.Ecies;
import org.p2psim.p2p.crypto.Keccak;
import org.p2psim.p2p.crypto.Secp256k1;

class HandshakeTest {
  private static final JsonNode RLPX = Vectors.load("rlpx-eip8.json");
  private static final JsonNode EIP8 = RLPX.get("eip8_handshake");
  private static final JsonNode DERIVED = EIP8.get("derived_intermediates");
  private static final JsonNode PRE = RLPX.get("pre_eip8_handshake_pyevm_besu");
  private static final Secp256k1 EC = Secp256k1.get();

  private static final NodeKey A = NodeKey.parse(EIP8.get("static_key_A").asText());
  private static final NodeKey B = NodeKey.parse(EIP8.get("static_key_B").asText());
  private static final byte[] EPH_A = hex(EIP8.get("ephemeral_key_A"));
  private static final byte[] EPH_B = hex(EIP8.get("ephemeral_key_B"));
  private static final byte[] NONCE_A = hex(EIP8.get("nonce_A"));
  private static final byte[] NONCE_B = hex(EIP8.get("nonce_B"));

  private static byte[] packet(String name) {
    return hex(EIP8.get("packets").get(name).get("hex"));
  }

  private static byte[] auth(int i) {
    return packet(
        new String[] {"auth1_v4_pre_eip8", "auth2_eip8_vsn4", "auth3_eip8_vsn56_extra"}[i - 1]);
  }

  private static byte[] ack(int i) {
    return packet(
        new String[] {"ack1_v4_pre_eip8", "ack2_eip8_vsn4", "ack3_eip8_vsn57_extra"}[i - 1]);
  }

  private static JsonNode pair(int i) {
    return DERIVED.get("secrets_by_pair").get("auth" + i + "+ack" + i);
  }

  /** The digest of what {@code running} has absorbed so far; {@code running} goes on. */
  private static byte[] digest(KeccakDigest running) {
    byte[] out = new byte[32];
    new KeccakDigest(running).doFinal(out, 0);
    return out;
  }

  private static byte[] afterFoo(KeccakDigest running) {
    KeccakDigest copy = new KeccakDigest(running);
    byte[] foo = "foo".getBytes(StandardCharsets.US_ASCII);
    copy.update(foo, 0, foo.length);
    return digest(copy);
  }

  // --- The vector ladder ----------------------------------------------------------------------

  @ParameterizedTest(name = "auth{0}")
  @ValueSource(ints = {1, 2, 3})
  void recipientReadsTheVectorAuths(int i) {
    Handshake.Recipient b = new Handshake.Recipient(B, EPH_B, NONCE_B);
    byte[] ackPacket = b.readAuth(auth(i));
    Secrets s = b.secrets();
    assertEquals(pair(i).get("aes_secret").asText(), toHex(s.aesSecret()));
    assertEquals(pair(i).get("mac_secret").asText(), toHex(s.macSecret()));
    assertEquals(
        pair(i).get("recipient_ingress_mac_after_foo").asText(), toHex(afterFoo(s.ingressMac())));
    assertEquals(DERIVED.get("pubkey_A").asText(), toHex(s.remotePublicKey()));
    if (i == 1) {
      assertEquals(Handshake.ACK_V4_LENGTH, ackPacket.length, "a v4 auth gets a v4 ack");
      assertEquals(0x04, ackPacket[0]);
    } else {
      int size = ((ackPacket[0] & 0xff) << 8) | (ackPacket[1] & 0xff);
      assertEquals(ackPacket.length, 2 + size, "an EIP-8 auth gets an EIP-8 ack");
    }
    assertEquals(ackPacket.length, Handshake.ackPacketLength(ackPacket, 0, ackPacket.length));
    // The ack we made is readable by A and gives the same secrets.
    Handshake.Initiator a = new Handshake.Initiator(A, B.publicKey(), EPH_A, NONCE_A, true);
    a.authSent(auth(i));
    Secrets sa = a.readAck(ackPacket);
    assertArrayEquals(s.aesSecret(), sa.aesSecret());
    assertArrayEquals(digest(s.ingressMac()), digest(sa.egressMac()));
    assertArrayEquals(digest(s.egressMac()), digest(sa.ingressMac()));
  }

  @Test
  void officialIngressMacAfterFoo() {
    Handshake.Recipient b = new Handshake.Recipient(B, EPH_B, NONCE_B);
    b.readAuth(auth(2));
    JsonNode official = EIP8.get("expected_official");
    Secrets s = b.secrets();
    assertEquals(official.get("aes_secret").asText(), toHex(s.aesSecret()));
    assertEquals(official.get("mac_secret").asText(), toHex(s.macSecret()));
    assertEquals(
        official.get("ingress_mac_after_update_foo").asText(), toHex(afterFoo(s.ingressMac())));
  }

  @ParameterizedTest(name = "ack{0}")
  @ValueSource(ints = {1, 2, 3})
  void initiatorReadsTheVectorAcks(int i) {
    Handshake.Initiator a = new Handshake.Initiator(A, B.publicKey(), EPH_A, NONCE_A, true);
    a.authSent(auth(i));
    Secrets s = a.readAck(ack(i));
    assertEquals(pair(i).get("aes_secret").asText(), toHex(s.aesSecret()));
    assertEquals(pair(i).get("mac_secret").asText(), toHex(s.macSecret()));
    assertEquals(
        pair(i).get("initiator_egress_mac_initial_digest").asText(), toHex(digest(s.egressMac())));
    assertEquals(
        pair(i).get("initiator_ingress_mac_initial_digest").asText(),
        toHex(digest(s.ingressMac())));
    assertEquals(DERIVED.get("pubkey_B").asText(), toHex(s.remotePublicKey()));
  }

  @ParameterizedTest(name = "pair {0}")
  @ValueSource(ints = {1, 2, 3})
  void recipientMacSeedsOfTheVectorPairs(int i) {
    Secrets s =
        Handshake.deriveSecrets(
            new Handshake.Side(false, EPH_B, hex(DERIVED.get("ephemeral_pubkey_A")), A.publicKey()),
            new Handshake.Transcript(NONCE_A, NONCE_B, auth(i), ack(i)));
    assertEquals(
        pair(i).get("recipient_ingress_mac_after_foo").asText(), toHex(afterFoo(s.ingressMac())));
    assertEquals(
        pair(i).get("recipient_egress_mac_after_foo").asText(), toHex(afterFoo(s.egressMac())));
    byte[] sharedSecret = hex(pair(i).get("shared_secret"));
    assertEquals(pair(i).get("token").asText(), toHex(Keccak.keccak256(sharedSecret)));
  }

  @Test
  void preEip8HandshakeFromPyEvmAndBesu() {
    NodeKey initiatorKey = NodeKey.parse(PRE.get("initiator_static_priv").asText());
    NodeKey responderKey = NodeKey.parse(PRE.get("responder_static_priv").asText());
    byte[] authPacket = hex(PRE.get("auth_packet_v4"));
    byte[] ackPacket = hex(PRE.get("ack_packet_v4"));
    JsonNode expected = PRE.get("expected_official");

    Handshake.Recipient responder =
        new Handshake.Recipient(
            responderKey,
            hex(PRE.get("responder_ephemeral_priv")),
            hex(PRE.get("responder_nonce")));
    byte[] ours = responder.readAuth(authPacket);
    assertEquals(Handshake.ACK_V4_LENGTH, ours.length);
    Secrets r = responder.secrets();
    assertEquals(expected.get("aes_secret").asText(), toHex(r.aesSecret()));
    assertEquals(expected.get("mac_secret").asText(), toHex(r.macSecret()));
    assertEquals(initiatorKey.publicKeyHex(), toHex(r.remotePublicKey()));

    Handshake.Initiator initiator =
        new Handshake.Initiator(
            initiatorKey,
            responderKey.publicKey(),
            hex(PRE.get("initiator_ephemeral_priv")),
            hex(PRE.get("initiator_nonce")),
            false);
    initiator.authSent(authPacket);
    Secrets s = initiator.readAck(ackPacket);
    assertEquals(expected.get("aes_secret").asText(), toHex(s.aesSecret()));
    assertEquals(expected.get("mac_secret").asText(), toHex(s.macSecret()));
    assertEquals(
        expected.get("initiator_initial_egress_mac_digest").asText(), toHex(digest(s.egressMac())));
    assertEquals(
        expected.get("initiator_initial_ingress_mac_digest").asText(),
        toHex(digest(s.ingressMac())));
    assertEquals(
        expected.get("token").asText(),
        toHex(Keccak.keccak256(hex(PRE.get("derived").get("shared_secret")))));
  }

  // --- Round trips with fresh keys ------------------------------------------------------------

  @Test
  void eip8RoundTrip() {
    roundTrip(true);
  }

  @Test
  void legacyRoundTrip() {
    roundTrip(false);
  }

  private static void roundTrip(boolean eip8) {
    NodeKey a = NodeKey.generate();
    NodeKey b = NodeKey.generate();
    Handshake.Initiator initiator =
        eip8
            ? Handshake.initiator(a, b.publicKey())
            : new Handshake.Initiator(
                a, b.publicKey(), EC.generatePrivateKey(), new byte[32], false);
    Handshake.Recipient recipient = Handshake.recipient(b);
    byte[] authPacket = initiator.auth();
    assertArrayEquals(authPacket, initiator.auth(), "auth() is stable");
    if (eip8) {
      int padding = authPacket.length - 2 - Ecies.OVERHEAD - 169;
      assertTrue(padding >= 100 && padding <= 299, "padding " + padding);
    } else {
      assertEquals(Handshake.AUTH_V4_LENGTH, authPacket.length);
    }
    assertEquals(authPacket.length, Handshake.authPacketLength(authPacket, 0, authPacket.length));
    byte[] ackPacket = recipient.readAuth(authPacket);
    assertEquals(eip8 ? ackPacket.length : Handshake.ACK_V4_LENGTH, ackPacket.length);
    Secrets sa = initiator.readAck(ackPacket);
    Secrets sb = recipient.secrets();
    assertArrayEquals(sa.aesSecret(), sb.aesSecret());
    assertArrayEquals(sa.macSecret(), sb.macSecret());
    assertArrayEquals(digest(sa.egressMac()), digest(sb.ingressMac()));
    assertArrayEquals(digest(sa.ingressMac()), digest(sb.egressMac()));
    assertNotEquals(toHex(digest(sa.egressMac())), toHex(digest(sa.ingressMac())));
    assertArrayEquals(b.publicKey(), sa.remotePublicKey());
    assertArrayEquals(a.publicKey(), sb.remotePublicKey());
    // secrets() hands out independent copies.
    Secrets again = recipient.secrets();
    again.egressMac().update(new byte[] {1}, 0, 1);
    assertArrayEquals(digest(sb.egressMac()), digest(recipient.secrets().egressMac()));
  }

  @Test
  void manyRoundTripsAgree() {
    for (int i = 0; i < 20; i++) {
      roundTrip(i % 4 != 0);
    }
  }

  @Test
  void misuseIsAnIllegalState() {
    Handshake.Initiator initiator = Handshake.initiator(A, B.publicKey());
    assertThrows(IllegalStateException.class, () -> initiator.readAck(ack(2)));
    Handshake.Recipient recipient = Handshake.recipient(B);
    assertThrows(IllegalStateException.class, recipient::secrets);
    Handshake.Recipient b = new Handshake.Recipient(B, EPH_B, NONCE_B);
    b.readAuth(auth(2));
    assertThrows(IllegalStateException.class, () -> b.readAuth(auth(2)));
    var e =
        assertThrows(IllegalArgumentException.class, () -> Handshake.initiator(A, new byte[64]));
    assertTrue(e.getMessage().contains("off the curve"), e.getMessage());
  }

  // --- Framing ---------------------------------------------------------------------------------

  @Test
  void framingFindsEveryVectorPacketInAStream() {
    for (int i = 1; i <= 3; i++) {
      assertStreamed(auth(i), true);
      assertStreamed(ack(i), false);
    }
  }

  /** Feeds the packet plus trailing bytes one byte at a time, as a socket might. */
  private static void assertStreamed(byte[] packet, boolean auth) {
    byte[] stream = Arrays.copyOf(packet, packet.length + 40);
    Arrays.fill(stream, packet.length, stream.length, (byte) 0x55);
    int previous = 0;
    for (int have = 0; have <= stream.length; have++) {
      int need =
          auth
              ? Handshake.authPacketLength(stream, 0, have)
              : Handshake.ackPacketLength(stream, 0, have);
      assertTrue(need >= previous, "the answer never shrinks");
      previous = need;
      if (need <= have) {
        assertEquals(packet.length, need, "at " + have + " bytes");
        return;
      }
    }
    throw new AssertionError("never framed");
  }

  @Test
  void eip8PacketStartingWith04IsFramedAndRead() {
    // An EIP-8 auth of 1024..1279 bytes has the size prefix 04xx, like a v4 packet's R.
    NodeKey a = NodeKey.generate();
    byte[] eph = EC.generatePrivateKey();
    byte[] nonce = new byte[32];
    new Random(1).nextBytes(nonce);
    byte[] body =
        Rlp.encodeList(
            Rlp.encodeBytes(
                EC.sign(eph, Handshake.xor(EC.ecdhX(a.privateKey(), B.publicKey()), nonce))),
            Rlp.encodeBytes(a.publicKey()),
            Rlp.encodeBytes(nonce),
            Rlp.encodeLong(4));
    byte[] padded = Arrays.copyOf(body, 1100 - Ecies.OVERHEAD);
    byte[] prefix = {(byte) (1100 >> 8), (byte) 1100};
    assertEquals(0x04, prefix[0]);
    byte[] packet = concat(prefix, Ecies.encrypt(B.publicKey(), padded, prefix));
    assertEquals(Handshake.AUTH_V4_LENGTH, Handshake.authPacketLength(packet, 0, 1));
    assertEquals(Handshake.AUTH_V4_LENGTH, Handshake.authPacketLength(packet, 0, 64));
    assertEquals(1102, Handshake.authPacketLength(packet, 0, 65));
    assertStreamed(packet, true);
    Handshake.Recipient b = Handshake.recipient(B);
    byte[] ackPacket = b.readAuth(packet);
    assertNotEquals(Handshake.ACK_V4_LENGTH, ackPacket.length);
    Handshake.Initiator initiator = new Handshake.Initiator(a, B.publicKey(), eph, nonce, true);
    initiator.authSent(packet);
    Secrets sa = initiator.readAck(ackPacket);
    assertArrayEquals(sa.aesSecret(), b.secrets().aesSecret());
    assertArrayEquals(digest(sa.egressMac()), digest(b.secrets().ingressMac()));
    assertArrayEquals(a.publicKey(), b.secrets().remotePublicKey());
  }

  @Test
  void framingRejectsTooBigAndTooSmall() {
    var big =
        assertThrows(
            HandshakeException.class,
            () -> Handshake.authPacketLength(new byte[] {0x08, 0x01}, 0, 2));
    assertEquals("auth: message too big: size prefix 2049 exceeds 2048", big.getMessage());
    assertEquals(2 + 2048, Handshake.ackPacketLength(new byte[] {0x08, 0x00}, 0, 2));
    var small =
        assertThrows(
            HandshakeException.class, () -> Handshake.ackPacketLength(new byte[] {0, 50}, 0, 2));
    assertTrue(small.getMessage().startsWith("ack: size underflow"), small.getMessage());
    assertEquals(2, Handshake.authPacketLength(new byte[0], 0, 0));
    assertEquals(2, Handshake.authPacketLength(new byte[] {1}, 0, 1));
  }

  // --- Bad input: HandshakeException and nothing else -----------------------------------------

  @Test
  void corruptedMacByteIsRejected() {
    byte[] bad = auth(2);
    bad[bad.length - 1] ^= 1;
    var e = assertThrows(HandshakeException.class, () -> Handshake.recipient(B).readAuth(bad));
    assertTrue(e.getMessage().contains("MAC mismatch"), e.getMessage());
    byte[] badV4 = auth(1);
    badV4[badV4.length - 1] ^= 1;
    assertThrows(HandshakeException.class, () -> Handshake.recipient(B).readAuth(badV4));
    byte[] badAck = ack(2);
    badAck[100] ^= 1;
    Handshake.Initiator a = new Handshake.Initiator(A, B.publicKey(), EPH_A, NONCE_A, true);
    a.authSent(auth(2));
    assertThrows(HandshakeException.class, () -> a.readAck(badAck));
  }

  @Test
  void everySingleBitFlipIsRejected() {
    byte[] good = auth(2);
    for (int i = 0; i < good.length; i++) {
      byte[] bad = good.clone();
      bad[i] ^= 0x10;
      assertThrows(
          HandshakeException.class, () -> Handshake.recipient(B).readAuth(bad), "byte " + i);
    }
  }

  @Test
  void truncatedPacketsAreRejected() {
    for (int i = 1; i <= 3; i++) {
      byte[] p = auth(i);
      for (int cut : new int[] {0, 1, 2, 50, p.length - 1}) {
        byte[] truncated = Arrays.copyOf(p, cut);
        var e =
            assertThrows(
                HandshakeException.class, () -> Handshake.recipient(B).readAuth(truncated));
        assertTrue(e.getMessage().startsWith("auth: "), e.getMessage());
      }
    }
    byte[] ackTruncated = Arrays.copyOf(ack(2), 300);
    Handshake.Initiator a = Handshake.initiator(A, B.publicKey());
    a.auth();
    var e = assertThrows(HandshakeException.class, () -> a.readAck(ackTruncated));
    assertTrue(e.getMessage().contains("(truncated)"), e.getMessage());
  }

  @Test
  void oversizedPacketIsRejected() {
    byte[] big = new byte[2 + 3000];
    big[0] = (byte) (3000 >> 8);
    big[1] = (byte) 3000;
    var e = assertThrows(HandshakeException.class, () -> Handshake.recipient(B).readAuth(big));
    assertEquals("auth: message too big: size prefix 3000 exceeds 2048", e.getMessage());
  }

  @Test
  void garbageIsRejected() {
    Random random = new Random(7);
    for (int length : new int[] {0, 1, 2, 3, 64, 65, 113, 115, 210, 307, 308, 500, 2050}) {
      for (int round = 0; round < 5; round++) {
        byte[] garbage = new byte[length];
        random.nextBytes(garbage);
        if (round == 0 && length >= 2) {
          garbage[0] = (byte) ((length - 2) >> 8); // a size prefix that fits
          garbage[1] = (byte) (length - 2);
        }
        if (round == 1 && length > 0) {
          garbage[0] = 4;
        }
        assertOnlyHandshakeException(() -> Handshake.recipient(B).readAuth(garbage));
        Handshake.Initiator a = Handshake.initiator(A, B.publicKey());
        a.auth();
        assertOnlyHandshakeException(() -> a.readAck(garbage));
        assertOnlyHandshakeException(() -> Handshake.authPacketLength(garbage, 0, length));
      }
    }
  }

  private static void assertOnlyHandshakeException(Runnable r) {
    try {
      r.run();
    } catch (HandshakeException expected) {
      return;
    } catch (RuntimeException other) {
      throw new AssertionError("expected HandshakeException or success, got " + other, other);
    }
  }

  @Test
  void legacyAuthWithAWrongEphemeralHashIsRejected() {
    byte[] eph = EC.generatePrivateKey();
    byte[] nonce = new byte[32];
    byte[] signature = EC.sign(eph, Handshake.xor(EC.ecdhX(A.privateKey(), B.publicKey()), nonce));
    byte[] body = new byte[194];
    System.arraycopy(signature, 0, body, 0, 65);
    // hash field left as zeros
    System.arraycopy(A.publicKey(), 0, body, 97, 64);
    byte[] packet = Ecies.encrypt(B.publicKey(), body, new byte[0]);
    var e = assertThrows(HandshakeException.class, () -> Handshake.recipient(B).readAuth(packet));
    assertEquals(
        "auth: the ephemeral key hash does not match the key the signature recovers",
        e.getMessage());
    System.arraycopy(Keccak.keccak256(EC.publicKey(eph)), 0, body, 65, 32);
    byte[] fixed = Ecies.encrypt(B.publicKey(), body, new byte[0]);
    assertEquals(Handshake.ACK_V4_LENGTH, Handshake.recipient(B).readAuth(fixed).length);
  }

  @Test
  void authWithAnInitiatorKeyOffTheCurveIsRejected() {
    byte[] offCurve = A.publicKey();
    offCurve[63] ^= 1;
    byte[] body =
        Rlp.encodeList(
            Rlp.encodeBytes(new byte[65]),
            Rlp.encodeBytes(offCurve),
            Rlp.encodeBytes(new byte[32]),
            Rlp.encodeLong(4));
    var e =
        assertThrows(
            HandshakeException.class, () -> Handshake.recipient(B).readAuth(eip8(body, B)));
    assertEquals(
        "auth: the initiator public key is not a point on the secp256k1 curve", e.getMessage());
  }

  @Test
  void authWithABadSignatureIsRejected() {
    byte[] body =
        Rlp.encodeList(
            Rlp.encodeBytes(new byte[65]),
            Rlp.encodeBytes(A.publicKey()),
            Rlp.encodeBytes(new byte[32]),
            Rlp.encodeLong(4));
    var e =
        assertThrows(
            HandshakeException.class, () -> Handshake.recipient(B).readAuth(eip8(body, B)));
    assertTrue(
        e.getMessage().startsWith("auth: the signature recovers no ephemeral key"), e.getMessage());
  }

  @Test
  void malformedBodiesAreRejected() {
    byte[][] bodies = {
      Rlp.encodeBytes(new byte[10]),
      Rlp.encodeList(Rlp.encodeBytes(new byte[65])),
      Rlp.encodeList(
          Rlp.encodeBytes(new byte[64]),
          Rlp.encodeBytes(A.publicKey()),
          Rlp.encodeBytes(new byte[32])),
      Rlp.encodeList(
          Rlp.encodeList(), Rlp.encodeBytes(A.publicKey()), Rlp.encodeBytes(new byte[32])),
      {(byte) 0xf8},
      new byte[0],
    };
    for (byte[] body : bodies) {
      byte[] packet = eip8(body, B);
      assertThrows(HandshakeException.class, () -> Handshake.recipient(B).readAuth(packet));
    }
  }

  @Test
  void ackWithAnEphemeralKeyOffTheCurveIsRejected() {
    byte[] offCurve = B.publicKey();
    offCurve[63] ^= 1;
    byte[] body =
        Rlp.encodeList(Rlp.encodeBytes(offCurve), Rlp.encodeBytes(new byte[32]), Rlp.encodeLong(4));
    Handshake.Initiator a = Handshake.initiator(A, B.publicKey());
    a.auth();
    var e = assertThrows(HandshakeException.class, () -> a.readAck(eip8(body, A)));
    assertEquals(
        "ack: the remote ephemeral public key is not a point on the secp256k1 curve",
        e.getMessage());
  }

  private static byte[] eip8(byte[] rlpBody, NodeKey to) {
    byte[] body = Arrays.copyOf(rlpBody, rlpBody.length + 100);
    int size = body.length + Ecies.OVERHEAD;
    byte[] prefix = {(byte) (size >> 8), (byte) size};
    return concat(prefix, Ecies.encrypt(to.publicKey(), body, prefix));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
