package org.p2psim.p2p.rlpx;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpException;
import org.p2psim.api.rlp.RlpItem;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.crypto.Ecies;
import org.p2psim.p2p.crypto.Keccak;
import org.p2psim.p2p.crypto.Secp256k1;

/**
 * The RLPx cryptographic handshake (devp2p.md §3.3–3.5) as pure functions over byte arrays: no I/O.
 * The initiator sends {@link Initiator#auth()} and feeds the reply to {@link
 * Initiator#readAck(byte[])}; the recipient feeds the auth to {@link Recipient#readAuth(byte[])},
 * sends what it returns, and takes {@link Recipient#secrets()}.
 *
 * <p>Messages are sent in the EIP-8 format, padded with 100–299 random bytes. Received messages may
 * be EIP-8 or pre-EIP-8 ("v4"); the recipient replies in the format the auth came in. Use {@link
 * #authPacketLength(byte[], int, int)} and {@link #ackPacketLength(byte[], int, int)} to cut a
 * packet out of a byte stream.
 *
 * <p>Each {@code Initiator} and {@code Recipient} serves one connection and is not thread-safe.
 */
public final class Handshake {
  /** The largest EIP-8 packet accepted, size prefix excluded (go-ethereum's limit). */
  public static final int MAX_EIP8_SIZE = 2048;

  /** Length of a pre-EIP-8 auth packet. */
  public static final int AUTH_V4_LENGTH = 307;

  /** Length of a pre-EIP-8 ack packet. */
  public static final int ACK_V4_LENGTH = 210;

  static final int NONCE_LENGTH = 32;
  static final int VERSION = 4;
  private static final int MIN_PADDING = 100;
  private static final int PADDING_RANGE = 200; // 100..299
  private static final int AUTH_V4_BODY = 65 + 32 + 64 + 32 + 1;
  private static final int ACK_V4_BODY = 64 + 32 + 1;
  private static final byte[] NO_S2 = new byte[0];
  private static final SecureRandom RANDOM = new SecureRandom();

  private Handshake() {}

  /**
   * Starts a handshake as the initiator (the dialling side).
   *
   * @param remotePublicKey the 64-byte key of the node being dialled
   * @throws IllegalArgumentException if {@code remotePublicKey} is not 64 bytes on the curve
   */
  public static Initiator initiator(NodeKey self, byte[] remotePublicKey) {
    Secp256k1 ec = Secp256k1.get();
    return new Initiator(self, remotePublicKey, ec.generatePrivateKey(), randomNonce(), true);
  }

  /** Starts a handshake as the recipient (the listening side). */
  public static Recipient recipient(NodeKey self) {
    return new Recipient(self, Secp256k1.get().generatePrivateKey(), randomNonce());
  }

  /**
   * Tells how many bytes the auth packet at {@code received[offset]} occupies, as far as {@code
   * length} received bytes show. While the answer is greater than {@code length}, read more and ask
   * again (the answer may grow once); when it is at most {@code length}, the packet is {@code
   * received[offset, offset + answer)}.
   *
   * <p>An EIP-8 packet is its 2-byte big-endian size plus that many bytes. A pre-EIP-8 packet is
   * 307 bytes and starts with {@code 04}, the prefix of its ECIES key {@code R}; an EIP-8 packet
   * can start with {@code 04} too (sizes 1024–1279), and is told apart by {@code R}: in a v4 packet
   * bytes 1–64 are a point on the curve.
   *
   * @throws HandshakeException if the EIP-8 size exceeds {@value #MAX_EIP8_SIZE} ({@code message
   *     too big}) or cannot hold an ECIES message
   */
  public static int authPacketLength(byte[] received, int offset, int length) {
    return packetLength(received, offset, length, AUTH_V4_LENGTH, "auth");
  }

  /** Like {@link #authPacketLength(byte[], int, int)}, for the ack (pre-EIP-8: 210 bytes). */
  public static int ackPacketLength(byte[] received, int offset, int length) {
    return packetLength(received, offset, length, ACK_V4_LENGTH, "ack");
  }

  private static int packetLength(
      byte[] received, int offset, int length, int v4Length, String what) {
    requireNonNull(received, "received");
    if (offset < 0 || length < 0 || offset + length > received.length) {
      throw new IndexOutOfBoundsException(
          "offset " + offset + " and length " + length + " outside " + received.length + " bytes");
    }
    if (length >= 1 && received[offset] == 0x04) {
      if (length < 65) {
        return v4Length; // enough to tell the formats apart, and all a v4 packet needs
      }
      if (Secp256k1.get().isValidPublicKey(Arrays.copyOfRange(received, offset + 1, offset + 65))) {
        return v4Length;
      }
    }
    if (length < 2) {
      return 2;
    }
    int size = ((received[offset] & 0xff) << 8) | (received[offset + 1] & 0xff);
    checkSize(size, what);
    return 2 + size;
  }

  private static void checkSize(int size, String what) {
    if (size > MAX_EIP8_SIZE) {
      throw new HandshakeException(
          what + ": message too big: size prefix " + size + " exceeds " + MAX_EIP8_SIZE);
    }
    if (size < Ecies.OVERHEAD) {
      throw new HandshakeException(
          what
              + ": size underflow: size prefix "
              + size
              + " is less than the "
              + Ecies.OVERHEAD
              + " bytes of ECIES overhead");
    }
  }

  /** The format of a handshake message. */
  enum Format {
    /** Pre-EIP-8: fixed-size bodies, no size prefix. */
    V4,
    /** EIP-8: RLP bodies with padding, a 2-byte size prefix that is also the ECIES s2. */
    EIP8
  }

  // ---------------------------------------------------------------------------------------------

  /** The dialling side of one handshake. */
  public static final class Initiator {
    private final NodeKey self;
    private final byte[] remotePublicKey;
    private final byte[] ephemeralKey;
    private final byte[] nonce;
    private final boolean eip8;
    private byte[] authPacket;
    private boolean done;

    Initiator(
        NodeKey self, byte[] remotePublicKey, byte[] ephemeralKey, byte[] nonce, boolean eip8) {
      this.self = requireNonNull(self, "self");
      requireNonNull(remotePublicKey, "remotePublicKey");
      if (!Secp256k1.get().isValidPublicKey(remotePublicKey)) {
        throw new IllegalArgumentException(
            "bad remote public key: expected 64 bytes X ‖ Y on the secp256k1 curve, got "
                + remotePublicKey.length
                + " bytes"
                + (remotePublicKey.length == 64 ? " off the curve" : ""));
      }
      Secp256k1.get().checkPrivateKey(ephemeralKey);
      this.remotePublicKey = remotePublicKey.clone();
      this.ephemeralKey = ephemeralKey.clone();
      this.nonce = checkNonce(nonce).clone();
      this.eip8 = eip8;
    }

    /** Returns a copy of the 64-byte key of the node being dialled. */
    public byte[] remotePublicKey() {
      return remotePublicKey.clone();
    }

    /**
     * Returns the auth packet to send, building it on the first call (later calls return the same
     * bytes). Send it in one write.
     */
    public byte[] auth() {
      if (authPacket == null) {
        authPacket = buildAuth();
      }
      return authPacket.clone();
    }

    /** For vector tests: act as if {@code packet} had been sent as the auth. */
    void authSent(byte[] packet) {
      authPacket = packet.clone();
    }

    private byte[] buildAuth() {
      Secp256k1 ec = Secp256k1.get();
      byte[] staticShared = ec.ecdhX(self.privateKey(), remotePublicKey);
      byte[] signature = ec.sign(ephemeralKey, xor(staticShared, nonce));
      byte[] selfPublic = self.publicKey();
      if (eip8) {
        byte[] body =
            Rlp.encodeList(
                Rlp.encodeBytes(signature),
                Rlp.encodeBytes(selfPublic),
                Rlp.encodeBytes(nonce),
                Rlp.encodeLong(VERSION));
        return sealEip8(remotePublicKey, body);
      }
      byte[] body = new byte[AUTH_V4_BODY];
      System.arraycopy(signature, 0, body, 0, 65);
      System.arraycopy(Keccak.keccak256(ec.publicKey(ephemeralKey)), 0, body, 65, 32);
      System.arraycopy(selfPublic, 0, body, 97, 64);
      System.arraycopy(nonce, 0, body, 161, 32);
      return Ecies.encrypt(remotePublicKey, body, NO_S2);
    }

    /**
     * Reads the recipient's ack (the whole packet, as {@link #ackPacketLength} cut it) and returns
     * this side's secrets.
     *
     * @throws HandshakeException if the ack does not decrypt or parse, or carries a key off the
     *     curve
     * @throws IllegalStateException if {@link #auth()} has not been called, or an ack was read
     */
    public Secrets readAck(byte[] ackPacket) {
      requireNonNull(ackPacket, "ackPacket");
      if (authPacket == null) {
        throw new IllegalStateException("readAck before auth(): the auth must be sent first");
      }
      if (done) {
        throw new IllegalStateException("readAck called twice");
      }
      byte[] remoteEphemeral;
      byte[] recipientNonce;
      try {
        Opened ack = open(self, ackPacket, ACK_V4_LENGTH, "ack");
        if (ack.format == Format.V4) {
          remoteEphemeral = Arrays.copyOfRange(ack.body, 0, 64);
          recipientNonce = Arrays.copyOfRange(ack.body, 64, 96);
        } else {
          RlpItem list = rlpBody(ack.body, "ack");
          remoteEphemeral = fixed(list, 0, 64, "recipient ephemeral public key", "ack");
          recipientNonce = fixed(list, 1, NONCE_LENGTH, "recipient nonce", "ack");
        }
      } catch (RlpException e) {
        throw new HandshakeException("ack: malformed body (" + e.getMessage() + ")", e);
      }
      Secrets secrets =
          deriveSecrets(
              new Side(true, ephemeralKey, remoteEphemeral, remotePublicKey),
              new Transcript(nonce, recipientNonce, authPacket, ackPacket));
      done = true;
      return secrets;
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** The listening side of one handshake. */
  public static final class Recipient {
    private final NodeKey self;
    private final byte[] ephemeralKey;
    private final byte[] nonce;
    private Secrets secrets;

    Recipient(NodeKey self, byte[] ephemeralKey, byte[] nonce) {
      this.self = requireNonNull(self, "self");
      Secp256k1.get().checkPrivateKey(ephemeralKey);
      this.ephemeralKey = ephemeralKey.clone();
      this.nonce = checkNonce(nonce).clone();
    }

    /**
     * Reads the initiator's auth (the whole packet, as {@link #authPacketLength} cut it) and
     * returns the ack to send, in the auth's format. Send it in one write; then {@link #secrets()}
     * is ready.
     *
     * @throws HandshakeException if the auth does not decrypt or parse, its initiator key is not on
     *     the curve, its signature does not recover, or (pre-EIP-8) the ephemeral key hash does not
     *     match
     * @throws IllegalStateException if an auth was already read
     */
    public byte[] readAuth(byte[] authPacket) {
      requireNonNull(authPacket, "authPacket");
      if (secrets != null) {
        throw new IllegalStateException("readAuth called twice");
      }
      Secp256k1 ec = Secp256k1.get();
      Opened auth;
      byte[] signature;
      byte[] initiatorPublic;
      byte[] initiatorNonce;
      byte[] ephemeralHash = null;
      try {
        auth = open(self, authPacket, AUTH_V4_LENGTH, "auth");
        if (auth.format == Format.V4) {
          signature = Arrays.copyOfRange(auth.body, 0, 65);
          ephemeralHash = Arrays.copyOfRange(auth.body, 65, 97);
          initiatorPublic = Arrays.copyOfRange(auth.body, 97, 161);
          initiatorNonce = Arrays.copyOfRange(auth.body, 161, 193);
        } else {
          RlpItem list = rlpBody(auth.body, "auth");
          signature = fixed(list, 0, 65, "signature", "auth");
          initiatorPublic = fixed(list, 1, 64, "initiator public key", "auth");
          initiatorNonce = fixed(list, 2, NONCE_LENGTH, "initiator nonce", "auth");
        }
      } catch (RlpException e) {
        throw new HandshakeException("auth: malformed body (" + e.getMessage() + ")", e);
      }
      byte[] staticShared;
      try {
        staticShared = ec.ecdhX(self.privateKey(), initiatorPublic);
      } catch (IllegalArgumentException e) {
        throw new HandshakeException(
            "auth: the initiator public key is not a point on the secp256k1 curve", e);
      }
      byte[] remoteEphemeral;
      try {
        remoteEphemeral = ec.recoverPublicKey(signature, xor(staticShared, initiatorNonce));
      } catch (IllegalArgumentException e) {
        throw new HandshakeException(
            "auth: the signature recovers no ephemeral key (" + e.getMessage() + ")", e);
      }
      if (ephemeralHash != null
          && !Arrays.equals(ephemeralHash, Keccak.keccak256(remoteEphemeral))) {
        throw new HandshakeException(
            "auth: the ephemeral key hash does not match the key the signature recovers");
      }

      byte[] ephemeralPublic = ec.publicKey(ephemeralKey);
      byte[] ackPacket;
      if (auth.format == Format.V4) {
        byte[] body = new byte[ACK_V4_BODY];
        System.arraycopy(ephemeralPublic, 0, body, 0, 64);
        System.arraycopy(nonce, 0, body, 64, 32);
        ackPacket = Ecies.encrypt(initiatorPublic, body, NO_S2);
      } else {
        byte[] body =
            Rlp.encodeList(
                Rlp.encodeBytes(ephemeralPublic), Rlp.encodeBytes(nonce), Rlp.encodeLong(VERSION));
        ackPacket = sealEip8(initiatorPublic, body);
      }
      secrets =
          deriveSecrets(
              new Side(false, ephemeralKey, remoteEphemeral, initiatorPublic),
              new Transcript(initiatorNonce, nonce, authPacket, ackPacket));
      return ackPacket;
    }

    /**
     * Returns this side's secrets, with fresh copies of the MAC states on each call (hand one to
     * exactly one frame codec).
     *
     * @throws IllegalStateException before {@link #readAuth(byte[])} has succeeded
     */
    public Secrets secrets() {
      if (secrets == null) {
        throw new IllegalStateException("secrets() before readAuth: no auth has been accepted");
      }
      return secrets.copy();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A decrypted handshake message and the format it came in. */
  private record Opened(Format format, byte[] body) {}

  /**
   * Decrypts a whole auth or ack packet: a packet of exactly the v4 length that starts with 04 is
   * tried as v4 first; anything else, or a failed v4 attempt whose size prefix fits, is EIP-8.
   */
  private static Opened open(NodeKey self, byte[] packet, int v4Length, String what) {
    byte[] key = self.privateKey();
    HandshakeException v4Failure = null;
    if (packet.length == v4Length && packet[0] == 0x04) {
      try {
        byte[] body = Ecies.decrypt(key, packet, NO_S2);
        return new Opened(Format.V4, body);
      } catch (IllegalArgumentException e) {
        v4Failure =
            new HandshakeException(
                what + ": cannot decrypt as a pre-EIP-8 packet (" + e.getMessage() + ")", e);
      }
    }
    if (packet.length < 2) {
      throw new HandshakeException(
          what + ": truncated packet: expected at least 2 bytes, got " + packet.length);
    }
    int size = ((packet[0] & 0xff) << 8) | (packet[1] & 0xff);
    if (packet.length != 2 + size) {
      if (v4Failure != null) {
        throw v4Failure;
      }
      throw new HandshakeException(
          what
              + ": the packet is "
              + packet.length
              + " bytes but its EIP-8 size prefix says 2 + "
              + size
              + (packet.length < 2 + size ? " (truncated)" : ""));
    }
    checkSize(size, what);
    try {
      byte[] body = Ecies.decrypt(key, packet, 2, size, Arrays.copyOf(packet, 2));
      return new Opened(Format.EIP8, body);
    } catch (IllegalArgumentException e) {
      throw new HandshakeException(
          what + ": cannot decrypt as an EIP-8 packet (" + e.getMessage() + ")", e);
    }
  }

  /** Decodes the RLP list at the start of an EIP-8 body; padding after it is ignored. */
  private static RlpItem rlpBody(byte[] body, String what) {
    if (body.length == 0) {
      throw new HandshakeException(what + ": empty body");
    }
    RlpItem item = Rlp.decodePrefix(body, 0).item();
    if (!item.isList()) {
      throw new HandshakeException(what + ": expected an RLP list body, got a string");
    }
    return item;
  }

  /** Reads list element {@code index} as a byte string of exactly {@code length} bytes. */
  private static byte[] fixed(RlpItem list, int index, int length, String name, String what) {
    if (list.size() <= index) {
      throw new HandshakeException(
          what
              + ": expected at least "
              + (index + 1)
              + " list elements, got "
              + list.size()
              + " (no "
              + name
              + ")");
    }
    RlpItem item = list.get(index);
    if (item.isList()) {
      throw new HandshakeException(what + ": expected " + name + " as a byte string, got a list");
    }
    byte[] bytes = item.asBytes();
    if (bytes.length != length) {
      throw new HandshakeException(
          what + ": expected a " + length + "-byte " + name + ", got " + bytes.length + " bytes");
    }
    return bytes;
  }

  /** Pads an EIP-8 body with 100–299 random bytes, and encrypts it behind its size prefix. */
  private static byte[] sealEip8(byte[] recipientPublicKey, byte[] rlpBody) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    int padding = MIN_PADDING + random.nextInt(PADDING_RANGE);
    byte[] body = Arrays.copyOf(rlpBody, rlpBody.length + padding);
    byte[] pad = new byte[padding];
    random.nextBytes(pad);
    System.arraycopy(pad, 0, body, rlpBody.length, padding);
    int size = body.length + Ecies.OVERHEAD;
    byte[] prefix = {(byte) (size >>> 8), (byte) size};
    byte[] sealed = Ecies.encrypt(recipientPublicKey, body, prefix);
    byte[] packet = new byte[2 + sealed.length];
    packet[0] = prefix[0];
    packet[1] = prefix[1];
    System.arraycopy(sealed, 0, packet, 2, sealed.length);
    return packet;
  }

  /**
   * One side's keys, as {@link #deriveSecrets} needs them.
   *
   * @param initiator whether this side dialled
   * @param ephemeralKey this side's 32-byte ephemeral private key
   * @param remoteEphemeralPublicKey the other side's 64-byte ephemeral public key: from the ack for
   *     the initiator, recovered from the auth's signature for the recipient
   * @param remotePublicKey the other side's 64-byte static public key
   */
  record Side(
      boolean initiator,
      byte[] ephemeralKey,
      byte[] remoteEphemeralPublicKey,
      byte[] remotePublicKey) {
    Side {
      checkLength(ephemeralKey, 32, "ephemeralKey");
      checkLength(remoteEphemeralPublicKey, 64, "remoteEphemeralPublicKey");
      checkLength(remotePublicKey, 64, "remotePublicKey");
    }

    /** The packet this side read, which names it in errors: the ack, or the auth. */
    String received() {
      return initiator ? "ack" : "auth";
    }
  }

  /**
   * What went over the wire, the same for both sides: both nonces and both whole packets (an EIP-8
   * packet with its size prefix), which seed the MAC states.
   */
  record Transcript(
      byte[] initiatorNonce, byte[] recipientNonce, byte[] authPacket, byte[] ackPacket) {
    Transcript {
      checkLength(initiatorNonce, NONCE_LENGTH, "initiatorNonce");
      checkLength(recipientNonce, NONCE_LENGTH, "recipientNonce");
      requireNonNull(authPacket, "authPacket");
      requireNonNull(ackPacket, "ackPacket");
    }
  }

  /** Derives the secrets and seeds the MAC states (devp2p.md §3.4, §3.5). */
  static Secrets deriveSecrets(Side side, Transcript wire) {
    byte[] ephemeralShared;
    try {
      ephemeralShared = Secp256k1.get().ecdhX(side.ephemeralKey(), side.remoteEphemeralPublicKey());
    } catch (IllegalArgumentException e) {
      throw new HandshakeException(
          side.received()
              + ": the remote ephemeral public key is not a point on the secp256k1 curve",
          e);
    }
    byte[] initiatorNonce = wire.initiatorNonce();
    byte[] recipientNonce = wire.recipientNonce();
    byte[] sharedSecret =
        Keccak.keccak256(ephemeralShared, Keccak.keccak256(recipientNonce, initiatorNonce));
    byte[] aesSecret = Keccak.keccak256(ephemeralShared, sharedSecret);
    byte[] macSecret = Keccak.keccak256(ephemeralShared, aesSecret);
    boolean initiator = side.initiator();
    KeccakDigest egress = new KeccakDigest(256);
    KeccakDigest ingress = new KeccakDigest(256);
    byte[] egressSeed = xor(macSecret, initiator ? recipientNonce : initiatorNonce);
    byte[] ingressSeed = xor(macSecret, initiator ? initiatorNonce : recipientNonce);
    byte[] sent = initiator ? wire.authPacket() : wire.ackPacket();
    byte[] received = initiator ? wire.ackPacket() : wire.authPacket();
    egress.update(egressSeed, 0, egressSeed.length);
    egress.update(sent, 0, sent.length);
    ingress.update(ingressSeed, 0, ingressSeed.length);
    ingress.update(received, 0, received.length);
    return new Secrets(aesSecret, macSecret, egress, ingress, side.remotePublicKey().clone());
  }

  private static void checkLength(byte[] bytes, int length, String name) {
    requireNonNull(bytes, name);
    if (bytes.length != length) {
      throw new IllegalArgumentException(
          "bad " + name + ": expected " + length + " bytes, got " + bytes.length);
    }
  }

  private static byte[] randomNonce() {
    byte[] nonce = new byte[NONCE_LENGTH];
    RANDOM.nextBytes(nonce);
    return nonce;
  }

  private static byte[] checkNonce(byte[] nonce) {
    requireNonNull(nonce, "nonce");
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException(
          "bad nonce: expected " + NONCE_LENGTH + " bytes, got " + nonce.length);
    }
    return nonce;
  }

  static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
