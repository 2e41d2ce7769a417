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
    KeccakDigest digest = new KeccakDigest(256);
    for (byte[] part : parts) {
      digest.update(requireNonNull(part, "part"), 0, part.length);
    }
    byte[] out = new byte[DIGEST_LENGTH];
    digest.doFinal(out, 0);
    return out;
  }
}
