package org.p2psim.p2p.rlpx;

import static java.util.Objects.requireNonNull;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * One running Keccak-256 MAC state (spec §3.5) that can be digested without ending it.
 *
 * <p>A digest copies the running state into a scratch digest and finalises the copy, so it costs
 * one Keccak permutation and no allocation.
 *
 * <p>Not final only so that a test can substitute go-ethereum's fake MAC hash (the golden frame
 * vector of {@code TestFrameReadWrite}); nothing in production subclasses it.
 */
class MacState {

  private final Keccak running;
  private final Keccak scratch;
  private final byte[] digest = new byte[32];

  /** Takes a copy of {@code seeded}; the caller's digest is left untouched. */
  MacState(KeccakDigest seeded, String name) {
    requireNonNull(seeded, name);
    if (!"Keccak-256".equals(seeded.getAlgorithmName())) {
      throw new IllegalArgumentException(
          name + ": expected a Keccak-256 digest, got " + seeded.getAlgorithmName());
    }
    running = new Keccak(seeded);
    scratch = new Keccak(seeded);
  }

  void update(byte[] in, int off, int len) {
    running.update(in, off, len);
  }

  /** Writes the first 16 bytes of the running state's digest to {@code out}; the state goes on. */
  void digest16(byte[] out, int off) {
    scratch.copyFrom(running);
    scratch.doFinal(digest, 0);
    System.arraycopy(digest, 0, out, off, 16);
  }

  /** Opens {@link KeccakDigest#copyIn} so that a scratch digest can be reused. */
  private static final class Keccak extends KeccakDigest {
    Keccak(KeccakDigest source) {
      super(source);
    }

    void copyFrom(Keccak source) {
      copyIn(source);
    }
  }
}
