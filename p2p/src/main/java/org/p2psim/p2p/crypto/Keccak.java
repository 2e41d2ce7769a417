package org.p2psim.p2p.crypto;

import static java.util.Objects.requireNonNull;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * Keccak-256 as Ethereum uses it: the original Keccak padding (domain byte {@code 0x01}), not
 * FIPS-202 SHA3-256. Keccak-256 of the empty input is {@code c5d24601…a470}.
 */
public final class Keccak {
  /** Length of a Keccak-256 digest in bytes. */
  public static final int DIGEST_LENGTH = 32;

  private Keccak() {}

  /** Returns Keccak-256 of the concatenation of {@code parts}. */
  public static byte[] keccak256(byte[]... parts) {
    requireNonNull(parts, "parts");
    KeccakDigest digest = newDigest();
    for (byte[] part : parts) {
      digest.update(requireNonNull(part, "part"), 0, part.length);
    }
    byte[] out = new byte[DIGEST_LENGTH];
    digest.doFinal(out, 0);
    return out;
  }

  /** Returns a fresh running Keccak-256 state. */
  public static KeccakDigest newDigest() {
    return new KeccakDigest(256);
  }

  /**
   * Returns the digest of what {@code running} has absorbed so far, leaving {@code running}
   * unchanged so that it can keep absorbing (a copy is finalised, not the state itself).
   */
  public static byte[] peek(KeccakDigest running) {
    requireNonNull(running, "running");
    KeccakDigest copy = new KeccakDigest(running);
    byte[] out = new byte[DIGEST_LENGTH];
    copy.doFinal(out, 0);
    return out;
  }
}
