package org.p2psim.p2p.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.p2p.Vectors.hex;
import static org.p2psim.p2p.Vectors.toHex;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.p2psim.p2p.Vectors;

class Secp256k1Test {
  private static final Secp256k1 EC = Secp256k1.get();
  private static final JsonNode RLPX = Vectors.load("rlpx-eip8.json");
  private static final JsonNode EIP8 = RLPX.get("eip8_handshake");
  private static final JsonNode DERIVED = EIP8.get("derived_intermediates");
  private static final JsonNode ECIES = RLPX.get("ecies");
  private static final JsonNode PRE_EIP8 = RLPX.get("pre_eip8_handshake_pyevm_besu");
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final BigInteger N = PARAMS.getN();
  private static final BigInteger P = PARAMS.getCurve().getField().getCharacteristic();

  @Test
  void publicKeyDerivationFromGoEthereum() {
    for (JsonNode v : ECIES.get("pubkey_derivation")) {
      String expected = v.get("x").asText() + v.get("y").asText();
      assertEquals(expected, toHex(EC.publicKey(hex(v.get("priv")))));
    }
    // The second key starts with a 0x00 byte.
    assertEquals(0, hex(ECIES.get("pubkey_derivation").get(1).get("priv"))[0]);
  }

  @Test
  void publicKeysOfTheEip8Keys() {
    assertPublicKey(EIP8.get("static_key_A"), DERIVED.get("pubkey_A"));
    assertPublicKey(EIP8.get("static_key_B"), DERIVED.get("pubkey_B"));
    assertPublicKey(EIP8.get("ephemeral_key_A"), DERIVED.get("ephemeral_pubkey_A"));
    assertPublicKey(EIP8.get("ephemeral_key_B"), DERIVED.get("ephemeral_pubkey_B"));
    JsonNode d = PRE_EIP8.get("derived");
    assertPublicKey(PRE_EIP8.get("initiator_static_priv"), d.get("initiator_static_pub"));
    assertPublicKey(PRE_EIP8.get("responder_static_priv"), d.get("responder_static_pub"));
    assertPublicKey(PRE_EIP8.get("initiator_ephemeral_priv"), d.get("initiator_ephemeral_pub"));
    assertPublicKey(PRE_EIP8.get("responder_ephemeral_priv"), d.get("responder_ephemeral_pub"));
  }

  private static void assertPublicKey(JsonNode priv, JsonNode pub) {
    byte[] key = EC.publicKey(hex(priv));
    assertEquals(pub.asText(), toHex(key));
    assertTrue(EC.isValidPublicKey(key));
  }

  @Test
  void ecdhStaticVectorFromGoEthereum() {
    JsonNode v = ECIES.get("shared_key_static");
    byte[] priv1 = hex(v.get("priv1"));
    byte[] priv2 = hex(v.get("priv2"));
    String expected = v.get("ecdh_x_32").asText();
    assertEquals(expected, toHex(EC.ecdhX(priv1, EC.publicKey(priv2))));
    assertEquals(expected, toHex(EC.ecdhX(priv2, EC.publicKey(priv1))));
  }

  @Test
  void ecdhOfTheEip8Handshake() {
    byte[] a = hex(EIP8.get("static_key_A"));
    byte[] b = hex(EIP8.get("static_key_B"));
    String staticShared = DERIVED.get("static_shared_secret").asText();
    assertEquals(staticShared, toHex(EC.ecdhX(a, EC.publicKey(b))));
    assertEquals(staticShared, toHex(EC.ecdhX(b, EC.publicKey(a))));
    String ephemeral = DERIVED.get("ephemeral_key_ecdh").asText();
    byte[] ephA = hex(EIP8.get("ephemeral_key_A"));
    byte[] ephB = hex(EIP8.get("ephemeral_key_B"));
    assertEquals(ephemeral, toHex(EC.ecdhX(ephA, EC.publicKey(ephB))));
    assertEquals(ephemeral, toHex(EC.ecdhX(ephB, EC.publicKey(ephA))));
  }

  @Test
  void eciesSharedZOfEveryEip8Packet() {
    JsonNode decrypted = DERIVED.get("decrypted");
    byte[] a = hex(EIP8.get("static_key_A"));
    byte[] b = hex(EIP8.get("static_key_B"));
    for (String name : new String[] {"auth1", "auth2", "auth3", "ack1", "ack2", "ack3"}) {
      JsonNode p = decrypted.get(name);
      byte[] recipient = name.startsWith("auth") ? b : a;
      assertEquals(
          p.get("ecies_shared_z").asText(),
          toHex(EC.ecdhX(recipient, hex(p.get("ecies_ephemeral_pubkey")))),
          name);
    }
  }

  @Test
  void ecdhOfThePreEip8Handshake() {
    JsonNode d = PRE_EIP8.get("derived");
    assertEquals(
        d.get("static_shared_secret").asText(),
        toHex(
            EC.ecdhX(
                hex(PRE_EIP8.get("initiator_static_priv")), hex(d.get("responder_static_pub")))));
    assertEquals(
        d.get("ephemeral_key").asText(),
        toHex(
            EC.ecdhX(
                hex(PRE_EIP8.get("responder_ephemeral_priv")),
                hex(d.get("initiator_ephemeral_pub")))));
  }

  @Test
  void rfc6979SignatureIsReproduced() {
    byte[] message = hex(DERIVED.get("signed_message_static_shared_secret_xor_nonce_A"));
    byte[] sig = EC.sign(hex(EIP8.get("ephemeral_key_A")), message);
    assertEquals(DERIVED.get("rfc6979_signature_same_message").asText(), toHex(sig));
    assertEquals(
        DERIVED.get("ephemeral_pubkey_A").asText(), toHex(EC.recoverPublicKey(sig, message)));
  }

  @Test
  void officialAuthSignatureRecoversTheEphemeralKey() {
    byte[] message = hex(DERIVED.get("signed_message_static_shared_secret_xor_nonce_A"));
    byte[] sig = hex(EIP8.get("expected_official").get("auth_signature_go_ethereum"));
    assertEquals(
        DERIVED.get("ephemeral_pubkey_A").asText(), toHex(EC.recoverPublicKey(sig, message)));
  }

  @Test
  void preEip8SignatureRecoversTheEphemeralKey() {
    JsonNode d = PRE_EIP8.get("derived");
    byte[] message = xor(hex(d.get("static_shared_secret")), hex(PRE_EIP8.get("initiator_nonce")));
    assertEquals(
        d.get("initiator_ephemeral_pub").asText(),
        toHex(EC.recoverPublicKey(hex(d.get("signature")), message)));
  }

  @Test
  void signThenRecoverRoundTrips() {
    Random random = new Random(42);
    ECDSASigner verifier = new ECDSASigner();
    ECDomainParameters domain = new ECDomainParameters(PARAMS);
    Set<Integer> recoveryIds = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      byte[] priv = EC.generatePrivateKey();
      byte[] pub = EC.publicKey(priv);
      byte[] hash = new byte[32];
      random.nextBytes(hash);
      byte[] sig = EC.sign(priv, hash);
      assertEquals(65, sig.length);
      int v = sig[64];
      assertTrue(v == 0 || v == 1, "v=" + v);
      recoveryIds.add(v);
      BigInteger r = BigIntegers.fromUnsignedByteArray(sig, 0, 32);
      BigInteger s = BigIntegers.fromUnsignedByteArray(sig, 32, 32);
      assertTrue(s.compareTo(N.shiftRight(1)) <= 0, "high s");
      assertArrayEquals(pub, EC.recoverPublicKey(sig, hash));
      assertArrayEquals(sig, EC.sign(priv, hash), "RFC 6979 is deterministic");
      byte[] sec1 = new byte[65];
      sec1[0] = 4;
      System.arraycopy(pub, 0, sec1, 1, 64);
      verifier.init(false, new ECPublicKeyParameters(PARAMS.getCurve().decodePoint(sec1), domain));
      assertTrue(verifier.verifySignature(hash, r, s), "BouncyCastle ECDSASigner verifies");
      byte[] other = hash.clone();
      other[0] ^= 1;
      assertNotEquals(toHex(pub), toHex(EC.recoverPublicKey(sig, other)));
    }
    assertEquals(Set.of(0, 1), recoveryIds);
  }

  @Test
  void generatedKeysAreFreshAndValid() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      byte[] key = EC.generatePrivateKey();
      assertEquals(32, key.length);
      EC.checkPrivateKey(key);
      assertTrue(seen.add(toHex(key)));
    }
  }

  @Test
  void rejectsZeroPrivateKey() {
    var e = assertThrows(IllegalArgumentException.class, () -> EC.publicKey(new byte[32]));
    assertEquals("bad private key: zero", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 1000})
  void rejectsPrivateKeysFromN(int offset) {
    byte[] key = BigIntegers.asUnsignedByteArray(32, N.add(BigInteger.valueOf(offset)));
    var e = assertThrows(IllegalArgumentException.class, () -> EC.publicKey(key));
    assertEquals("bad private key: must be less than the secp256k1 group order n", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> EC.sign(key, new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> EC.ecdhX(key, hex(DERIVED.get("pubkey_A"))));
  }

  @Test
  void acceptsNMinusOne() {
    byte[] key = BigIntegers.asUnsignedByteArray(32, N.subtract(BigInteger.ONE));
    byte[] pub = EC.publicKey(key);
    // (n-1)·G = -G: same x as G.
    assertEquals(
        PARAMS.getG().getAffineXCoord().toBigInteger(), new BigInteger(1, Arrays.copyOf(pub, 32)));
  }

  @Test
  void rejectsPrivateKeysOfTheWrongLength() {
    var e = assertThrows(IllegalArgumentException.class, () -> EC.publicKey(new byte[31]));
    assertEquals("bad private key: expected 32 bytes, got 31", e.getMessage());
  }

  @Test
  void rejectsPublicKeysOffTheCurve() {
    byte[] pub = hex(DERIVED.get("pubkey_A"));
    byte[] bad = pub.clone();
    bad[63] ^= 1;
    assertFalse(EC.isValidPublicKey(bad));
    assertFalse(EC.isValidPublicKey(new byte[64]));
    assertFalse(EC.isValidPublicKey(Arrays.copyOf(pub, 63)));
    assertFalse(EC.isValidPublicKey(null));
    byte[] key = hex(EIP8.get("static_key_B"));
    var e = assertThrows(IllegalArgumentException.class, () -> EC.ecdhX(key, bad));
    assertEquals("bad public key: not a point on the secp256k1 curve", e.getMessage());
    var e2 = assertThrows(IllegalArgumentException.class, () -> EC.ecdhX(key, new byte[65]));
    assertEquals("bad public key: expected 64 bytes X ‖ Y, got 65", e2.getMessage());
  }

  @Test
  void rejectsCoordinatesNotReducedModP() {
    // x + p has the same residue but is not a valid encoding.
    byte[] pub = hex(DERIVED.get("pubkey_A"));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(pub, 32, 64));
    if (y.add(P).bitLength() <= 256) {
      byte[] bad = pub.clone();
      BigIntegers.asUnsignedByteArray(y.add(P), bad, 32, 32);
      assertFalse(EC.isValidPublicKey(bad));
    }
    byte[] allOnes = new byte[64];
    Arrays.fill(allOnes, (byte) 0xff);
    assertFalse(EC.isValidPublicKey(allOnes));
  }

  @Test
  void rejectsMalformedSignatures() {
    byte[] hash = new byte[32];
    hash[0] = 1;
    byte[] sig = EC.sign(hex(EIP8.get("static_key_A")), hash);
    byte[] zeroR = sig.clone();
    Arrays.fill(zeroR, 0, 32, (byte) 0);
    byte[] zeroS = sig.clone();
    Arrays.fill(zeroS, 32, 64, (byte) 0);
    byte[] bigR = sig.clone();
    BigIntegers.asUnsignedByteArray(N, bigR, 0, 32);
    byte[] badV = sig.clone();
    badV[64] = 27;
    assertRecoverFails("bad signature: r must be in [1, n)", zeroR, hash);
    assertRecoverFails("bad signature: s must be in [1, n)", zeroS, hash);
    assertRecoverFails("bad signature: r must be in [1, n)", bigR, hash);
    assertRecoverFails("bad signature: expected recovery id v 0..3, got 27", badV, hash);
    assertRecoverFails(
        "bad signature: expected 65 bytes r ‖ s ‖ v, got 64", Arrays.copyOf(sig, 64), hash);
    assertRecoverFails("bad hash: expected 32 bytes, got 31", sig, new byte[31]);
  }

  private static void assertRecoverFails(String message, byte[] sig, byte[] hash) {
    var e = assertThrows(IllegalArgumentException.class, () -> EC.recoverPublicKey(sig, hash));
    assertEquals(message, e.getMessage());
  }

  @Test
  void rejectsRThatIsNotAnX() {
    // Find an r whose x has no point on the curve.
    byte[] hash = new byte[32];
    for (int candidate = 1; ; candidate++) {
      byte[] sig = new byte[65];
      BigIntegers.asUnsignedByteArray(BigInteger.valueOf(candidate), sig, 0, 32);
      sig[63] = 1;
      byte[] compressed = new byte[33];
      compressed[0] = 2;
      System.arraycopy(sig, 0, compressed, 1, 32);
      try {
        PARAMS.getCurve().decodePoint(compressed);
      } catch (IllegalArgumentException notAnX) {
        var e = assertThrows(IllegalArgumentException.class, () -> EC.recoverPublicKey(sig, hash));
        assertEquals(
            "bad signature: r is not the x coordinate of a point on the curve", e.getMessage());
        return;
      }
    }
  }

  @Test
  void compressionRoundTripsAndMatchesTheVectors() {
    byte[] pubA = hex(DERIVED.get("pubkey_A"));
    byte[] compressed = EC.compressPublicKey(pubA);
    assertEquals(DERIVED.get("pubkey_A_compressed").asText(), toHex(compressed));
    assertArrayEquals(pubA, EC.decompressPublicKey(compressed));
    byte[] pubB = EC.decompressPublicKey(hex(DERIVED.get("pubkey_B_compressed")));
    assertEquals(DERIVED.get("pubkey_B").asText(), toHex(pubB));
    byte[] bad = compressed.clone();
    bad[0] = 4;
    var e = assertThrows(IllegalArgumentException.class, () -> EC.decompressPublicKey(bad));
    assertEquals(
        "bad compressed public key: expected 33 bytes starting with 02 or 03, got 33 bytes"
            + " starting with 04",
        e.getMessage());
  }

  @Test
  void verifyAcceptsLowSAndRejectsHighSAndWrongKeys() {
    byte[] priv = hex(EIP8.get("static_key_A"));
    byte[] pub = EC.publicKey(priv);
    byte[] hash = Keccak.keccak256(new byte[] {1, 2, 3});
    byte[] sig = Arrays.copyOf(EC.sign(priv, hash), 64);
    assertTrue(EC.verify(sig, hash, pub));
    byte[] highS = sig.clone();
    BigInteger s = BigIntegers.fromUnsignedByteArray(sig, 32, 32);
    BigIntegers.asUnsignedByteArray(N.subtract(s), highS, 32, 32);
    assertFalse(EC.verify(highS, hash, pub), "malleable high-s signature");
    assertFalse(EC.verify(sig, hash, hex(DERIVED.get("pubkey_B"))));
    assertFalse(EC.verify(sig, Keccak.keccak256(new byte[] {1, 2}), pub));
    assertFalse(EC.verify(Arrays.copyOf(sig, 63), hash, pub));
    assertFalse(EC.verify(new byte[64], hash, pub));
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
