package org.p2psim.p2p.rlpx;

import static java.util.Objects.requireNonNull;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * What an RLPx handshake yields for one side of a connection: the frame cipher and MAC secrets and
 * the remote side's authenticated 64-byte public key. Hand it to a {@link FrameCodec}.
 *
 * <p>It also carries this side's egress and ingress MAC states, already seeded as spec §3.5 says;
 * they stay inside this package (a {@link FrameCodec} takes copies), so that no BouncyCastle type
 * shows in the API and no caller can advance a state a codec relies on.
 */
public final class Secrets {
  private final byte[] aesSecret;
  private final byte[] macSecret;
  private final KeccakDigest egressMac;
  private final KeccakDigest ingressMac;
  private final byte[] remotePublicKey;

  /** Takes the arrays and digests as they are: the handshake made them for this object alone. */
  Secrets(
      byte[] aesSecret,
      byte[] macSecret,
      KeccakDigest egressMac,
      KeccakDigest ingressMac,
      byte[] remotePublicKey) {
    this.aesSecret = requireNonNull(aesSecret, "aesSecret");
    this.macSecret = requireNonNull(macSecret, "macSecret");
    this.egressMac = requireNonNull(egressMac, "egressMac");
    this.ingressMac = requireNonNull(ingressMac, "ingressMac");
    this.remotePublicKey = requireNonNull(remotePublicKey, "remotePublicKey");
  }

  /** Returns a copy of the 32-byte AES-256-CTR frame secret. */
  public byte[] aesSecret() {
    return aesSecret.clone();
  }

  /** Returns a copy of the 32-byte MAC secret. */
  public byte[] macSecret() {
    return macSecret.clone();
  }

  /** Returns a copy of the remote side's authenticated 64-byte public key {@code X ‖ Y}. */
  public byte[] remotePublicKey() {
    return remotePublicKey.clone();
  }

  /** The seeded egress MAC state itself, not a copy; {@link FrameCodec} copies it. */
  KeccakDigest egressMac() {
    return egressMac;
  }

  /** The seeded ingress MAC state itself, not a copy; {@link FrameCodec} copies it. */
  KeccakDigest ingressMac() {
    return ingressMac;
  }

  /** Returns an independent copy, MAC states included. */
  Secrets copy() {
    return new Secrets(
        aesSecret.clone(),
        macSecret.clone(),
        new KeccakDigest(egressMac),
        new KeccakDigest(ingressMac),
        remotePublicKey.clone());
  }

  @Override
  public String toString() {
    return "Secrets[remote key " + remotePublicKey.length + " bytes, secrets hidden]";
  }
}
