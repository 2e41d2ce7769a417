package org.p2psim.p2p.rlpx;

import org.bouncycastle.crypto.digests.KeccakDigest;

/**
 * What an RLPx handshake yields for one side of a connection: the frame cipher and MAC secrets,
 * this side's running egress and ingress MAC states (already seeded as spec §3.5 says), and the
 * remote side's authenticated 64-byte public key.
 *
 * <p>The MAC states are mutable and belong to exactly one frame codec.
 */
public record Secrets(
    byte[] aesSecret,
    byte[] macSecret,
    KeccakDigest egressMac,
    KeccakDigest ingressMac,
    byte[] remotePublicKey) {}
