package org.p2psim.p2p.crypto;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.math.ec.FixedPointUtil;
import org.bouncycastle.util.BigIntegers;

/**
 * {@link Secp256k1} on BouncyCastle's custom secp256k1 curve (specialised field arithmetic and the
 * GLV endomorphism), with a fixed-point comb for multiples of the generator.
 *
 * <p>Signing computes {@code k·G} itself rather than going through {@code ECDSASigner}, so that the
 * recovery id falls out of the nonce point instead of costing trial recoveries.
 */
final class BouncyCastleSecp256k1 implements Secp256k1 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();
  private static final BigInteger N = PARAMS.getN();
  private static final BigInteger HALF_N = N.shiftRight(1);
  private static final BigInteger P = CURVE.getField().getCharacteristic();
  private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

  // After the constants above: the constructor uses them.
  static final BouncyCastleSecp256k1 INSTANCE = new BouncyCastleSecp256k1();

  private final SecureRandom random = new SecureRandom();

  private BouncyCastleSecp256k1() {
    // Build the comb table for G now rather than on the first handshake: only the table, which the
    // multiplier finds cached on the curve. A multiplication by one to build it cost a child's
    // start a whole interpreted comb multiplication more.
    FixedPointUtil.precompute(G);
  }

  @Override
  public byte[] generatePrivateKey() {
    byte[] key = new byte[PRIVATE_KEY_LENGTH];
    while (true) {
      random.nextBytes(key);
      BigInteger d = new BigInteger(1, key);
      if (d.signum() != 0 && d.compareTo(N) < 0) {
        return key;
      }
    }
  }

  @Override
  public void checkPrivateKey(byte[] priv32) {
    privateScalar(priv32);
  }

  @Override
  public byte[] publicKey(byte[] priv32) {
    return encode(BASE_MULTIPLIER.multiply(G, privateScalar(priv32)));
  }

  @Override
  public boolean isValidPublicKey(byte[] pub64) {
    if (pub64 == null || pub64.length != PUBLIC_KEY_LENGTH) {
      return false;
    }
    try {
      decodePublicKey(pub64);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public byte[] decompressPublicKey(byte[] pub33) {
    requireNonNull(pub33, "pub33");
    if (pub33.length != 33 || (pub33[0] != 0x02 && pub33[0] != 0x03)) {
      throw new IllegalArgumentException(
          "bad compressed public key: expected 33 bytes starting with 02 or 03, got "
              + pub33.length
              + " bytes"
              + (pub33.length > 0 ? String.format(" starting with %02x", pub33[0]) : ""));
    }
    try {
      return encode(CURVE.decodePoint(pub33));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad compressed public key: not a point on the secp256k1 curve", e);
    }
  }

  @Override
  public byte[] compressPublicKey(byte[] pub64) {
    return decodePublicKey(pub64).getEncoded(true);
  }

  @Override
  public byte[] ecdhX(byte[] priv32, byte[] pub64) {
    BigInteger d = privateScalar(priv32);
    ECPoint shared = decodePublicKey(pub64).multiply(d).normalize();
    if (shared.isInfinity()) {
      throw new IllegalArgumentException("bad ECDH: the shared point is the point at infinity");
    }
    byte[] x = new byte[HASH_LENGTH];
    shared.getAffineXCoord().encodeTo(x, 0);
    return x;
  }

  @Override
  public byte[] sign(byte[] priv32, byte[] hash32) {
    BigInteger d = privateScalar(priv32);
    checkHash(hash32);
    BigInteger e = new BigInteger(1, hash32);
    HMacDSAKCalculator nonces = new HMacDSAKCalculator(new SHA256Digest());
    nonces.init(N, d, hash32);
    while (true) {
      BigInteger k = nonces.nextK();
      ECPoint point = BASE_MULTIPLIER.multiply(G, k).normalize();
      BigInteger x = point.getAffineXCoord().toBigInteger();
      BigInteger r = x.mod(N);
      if (r.signum() == 0 || x.compareTo(N) >= 0) {
        // x >= n (probability ~2^-127) would need recovery id 2 or 3; RLPx wants v in {0, 1}.
        continue;
      }
      BigInteger s = BigIntegers.modOddInverse(N, k).multiply(e.add(d.multiply(r))).mod(N);
      if (s.signum() == 0) {
        continue;
      }
      int v = point.getAffineYCoord().testBitZero() ? 1 : 0;
      if (s.compareTo(HALF_N) > 0) {
        s = N.subtract(s);
        v ^= 1;
      }
      byte[] sig = new byte[SIGNATURE_LENGTH];
      BigIntegers.asUnsignedByteArray(r, sig, 0, 32);
      BigIntegers.asUnsignedByteArray(s, sig, 32, 32);
      sig[64] = (byte) v;
      return sig;
    }
  }

  @Override
  public byte[] recoverPublicKey(byte[] sig65, byte[] hash32) {
    requireNonNull(sig65, "sig65");
    if (sig65.length != SIGNATURE_LENGTH) {
      throw new IllegalArgumentException(
          "bad signature: expected " + SIGNATURE_LENGTH + " bytes r ‖ s ‖ v, got " + sig65.length);
    }
    checkHash(hash32);
    int v = sig65[64] & 0xff;
    if (v > 3) {
      throw new IllegalArgumentException("bad signature: expected recovery id v 0..3, got " + v);
    }
    BigInteger r = BigIntegers.fromUnsignedByteArray(sig65, 0, 32);
    BigInteger s = BigIntegers.fromUnsignedByteArray(sig65, 32, 32);
    if (r.signum() == 0 || r.compareTo(N) >= 0) {
      throw new IllegalArgumentException("bad signature: r must be in [1, n)");
    }
    if (s.signum() == 0 || s.compareTo(N) >= 0) {
      throw new IllegalArgumentException("bad signature: s must be in [1, n)");
    }
    // SEC1 §4.1.6: R has x = r + (v / 2)·n and the parity of v; Q = r⁻¹ (s·R − e·G).
    BigInteger x = (v & 2) == 0 ? r : r.add(N);
    if (x.compareTo(P) >= 0) {
      throw new IllegalArgumentException(
          "bad signature: recovery id " + v + " puts R's x coordinate beyond the field");
    }
    byte[] compressed = new byte[33];
    compressed[0] = (byte) (0x02 | (v & 1));
    BigIntegers.asUnsignedByteArray(x, compressed, 1, 32);
    ECPoint bigR;
    try {
      bigR = CURVE.decodePoint(compressed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "bad signature: r is not the x coordinate of a point on the curve", e);
    }
    BigInteger e = new BigInteger(1, hash32);
    BigInteger rInv = BigIntegers.modOddInverseVar(N, r);
    BigInteger u1 = N.subtract(e).multiply(rInv).mod(N);
    BigInteger u2 = s.multiply(rInv).mod(N);
    ECPoint q = ECAlgorithms.sumOfTwoMultiplies(G, u1, bigR, u2);
    if (q.isInfinity()) {
      throw new IllegalArgumentException("bad signature: recovers the point at infinity");
    }
    return encode(q);
  }

  @Override
  public boolean verify(byte[] sig64, byte[] hash32, byte[] pub64) {
    ECPoint q = decodePublicKey(pub64);
    checkHash(hash32);
    if (sig64 == null || sig64.length != 64) {
      return false;
    }
    BigInteger r = BigIntegers.fromUnsignedByteArray(sig64, 0, 32);
    BigInteger s = BigIntegers.fromUnsignedByteArray(sig64, 32, 32);
    if (r.signum() == 0 || r.compareTo(N) >= 0 || s.signum() == 0 || s.compareTo(HALF_N) > 0) {
      return false;
    }
    BigInteger e = new BigInteger(1, hash32);
    BigInteger w = BigIntegers.modOddInverseVar(N, s);
    BigInteger u1 = e.multiply(w).mod(N);
    BigInteger u2 = r.multiply(w).mod(N);
    ECPoint x = ECAlgorithms.sumOfTwoMultiplies(G, u1, q, u2).normalize();
    return !x.isInfinity() && x.getAffineXCoord().toBigInteger().mod(N).equals(r);
  }

  private static BigInteger privateScalar(byte[] priv32) {
    requireNonNull(priv32, "priv32");
    if (priv32.length != PRIVATE_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "bad private key: expected " + PRIVATE_KEY_LENGTH + " bytes, got " + priv32.length);
    }
    BigInteger d = new BigInteger(1, priv32);
    if (d.signum() == 0) {
      throw new IllegalArgumentException("bad private key: zero");
    }
    if (d.compareTo(N) >= 0) {
      throw new IllegalArgumentException(
          "bad private key: must be less than the secp256k1 group order n");
    }
    return d;
  }

  private static ECPoint decodePublicKey(byte[] pub64) {
    requireNonNull(pub64, "pub64");
    if (pub64.length != PUBLIC_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "bad public key: expected " + PUBLIC_KEY_LENGTH + " bytes X ‖ Y, got " + pub64.length);
    }
    byte[] sec1 = new byte[1 + PUBLIC_KEY_LENGTH];
    sec1[0] = 0x04;
    System.arraycopy(pub64, 0, sec1, 1, PUBLIC_KEY_LENGTH);
    try {
      return CURVE.decodePoint(sec1);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad public key: not a point on the secp256k1 curve", e);
    }
  }

  private static void checkHash(byte[] hash32) {
    requireNonNull(hash32, "hash32");
    if (hash32.length != HASH_LENGTH) {
      throw new IllegalArgumentException(
          "bad hash: expected " + HASH_LENGTH + " bytes, got " + hash32.length);
    }
  }

  private static byte[] encode(ECPoint point) {
    ECPoint affine = point.normalize();
    byte[] out = new byte[PUBLIC_KEY_LENGTH];
    affine.getAffineXCoord().encodeTo(out, 0);
    affine.getAffineYCoord().encodeTo(out, 32);
    return out;
  }
}
