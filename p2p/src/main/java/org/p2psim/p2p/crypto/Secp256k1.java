package org.p2psim.p2p.crypto;

/**
 * The secp256k1 operations devp2p needs, on raw bytes: the one seam behind which a native library
 * may later sit.
 *
 * <p>Encodings: a private key is a 32-byte big-endian scalar {@code d} with {@code 1 <= d < n}; a
 * public key is 64 bytes {@code X ‖ Y}, each coordinate left-padded to 32 bytes, without the SEC1
 * {@code 0x04} prefix; a signature is 65 bytes {@code r ‖ s ‖ v} with low {@code s} and a recovery
 * id {@code v} in {0, 1}. Implementations are thread-safe and throw {@link
 * IllegalArgumentException} with a message naming what was expected and what came for any invalid
 * input.
 */
public interface Secp256k1 {
  /** Length of a private key in bytes. */
  int PRIVATE_KEY_LENGTH = 32;

  /** Length of a public key ({@code X ‖ Y}) in bytes. */
  int PUBLIC_KEY_LENGTH = 64;

  /** Length of a signature ({@code r ‖ s ‖ v}) in bytes. */
  int SIGNATURE_LENGTH = 65;

  /** Length of a signed hash, and of an ECDH output, in bytes. */
  int HASH_LENGTH = 32;

  /** Returns the default implementation, built on BouncyCastle. */
  static Secp256k1 get() {
    return BouncyCastleSecp256k1.INSTANCE;
  }

  /**
   * Returns a fresh private key, uniformly random in {@code [1, n)}, from a {@code SecureRandom}.
   */
  byte[] generatePrivateKey();

  /**
   * Checks a private key, and throws {@link IllegalArgumentException} saying what is wrong: the
   * length ({@code bad private key: expected 32 bytes, got N}), zero ({@code bad private key:
   * zero}) or too large ({@code bad private key: must be less than the secp256k1 group order n}).
   */
  void checkPrivateKey(byte[] priv32);

  /** Returns the 64-byte public key {@code X ‖ Y} of a 32-byte private key. */
  byte[] publicKey(byte[] priv32);

  /** Tells whether {@code pub64} is 64 bytes {@code X ‖ Y} of a point on the curve. */
  boolean isValidPublicKey(byte[] pub64);

  /**
   * Returns the 64-byte public key {@code X ‖ Y} of a 33-byte SEC1 compressed key ({@code 02} or
   * {@code 03} then {@code X}), as ENR's {@code secp256k1} entry holds it.
   *
   * @throws IllegalArgumentException if {@code pub33} is not a compressed point on the curve
   */
  byte[] decompressPublicKey(byte[] pub33);

  /**
   * Returns the 33-byte SEC1 compressed form of a 64-byte public key.
   *
   * @throws IllegalArgumentException if {@code pub64} is not a point on the curve
   */
  byte[] compressPublicKey(byte[] pub64);

  /**
   * Returns the X coordinate, left-padded to 32 bytes, of {@code priv32 · pub64}: the raw ECDH
   * value RLPx and its ECIES use, with no hashing.
   */
  byte[] ecdhX(byte[] priv32, byte[] pub64);

  /**
   * Signs the 32-byte value {@code hash32} as it is (no further hashing), with a deterministic RFC
   * 6979 (HMAC-SHA256) nonce; returns {@code r ‖ s ‖ v} with low {@code s} and {@code v} in {0, 1}.
   */
  byte[] sign(byte[] priv32, byte[] hash32);

  /**
   * Recovers the 64-byte public key whose private key made {@code sig65} over {@code hash32} (SEC1
   * §4.1.6).
   *
   * @throws IllegalArgumentException if the signature is malformed or recovers no key
   */
  byte[] recoverPublicKey(byte[] sig65, byte[] hash32);

  /**
   * Verifies a 64-byte signature {@code r ‖ s} (no recovery id) over {@code hash32} by the key
   * {@code pub64}, as go-ethereum's {@code crypto.VerifySignature} does: a signature with high
   * {@code s} is rejected as malleable. Returns {@code false}, rather than throwing, for a
   * signature of the wrong length or out of range.
   *
   * @throws IllegalArgumentException if {@code pub64} is not a point on the curve, or {@code
   *     hash32} not 32 bytes
   */
  boolean verify(byte[] sig64, byte[] hash32, byte[] pub64);
}
