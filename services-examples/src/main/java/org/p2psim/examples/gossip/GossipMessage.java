package org.p2psim.examples.gossip;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.p2psim.api.NodeId;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpItem;

/**
 * One gossip message, and its wire form, the body of code 0 of {@code gossip/1}:
 *
 * <pre>{@code
 * [id (32 bytes), origin (32 bytes), seq, publishedAt (ns since 1970), text (UTF-8), hops]
 * }</pre>
 *
 * <p>The id is SHA-256 over {@code origin ‖ seq (8 bytes) ‖ publishedAt (8 bytes) ‖ text}, so it
 * names the message wherever it travels; receivers recompute it and reject a message whose id does
 * not match. The publication time makes ids differ across restarts of a node that lost its sequence
 * number (no snapshot). {@code hops} is how many links the message crossed to get here: 0 at its
 * origin, 1 at the origin's peers.
 *
 * @param id the id, 64 hex characters
 * @param origin the node that published the message
 * @param seq the origin's sequence number for it
 * @param publishedAt when the origin published it, by the origin's clock
 * @param text the text, at most {@value #MAX_TEXT_BYTES} bytes of UTF-8
 * @param hops links crossed so far
 */
record GossipMessage(
    String id, NodeId origin, long seq, Instant publishedAt, String text, int hops) {

  /** The largest text, in UTF-8 bytes, that a node publishes or accepts. */
  static final int MAX_TEXT_BYTES = 4096;

  private static final HexFormat HEX = HexFormat.of();

  /** A new message at its origin (hops 0), with its id computed. */
  static GossipMessage publish(NodeId origin, long seq, Instant publishedAt, String text) {
    byte[] utf8 = text.getBytes(UTF_8);
    if (utf8.length > MAX_TEXT_BYTES) {
      throw bad("gossip", tooLong(utf8.length));
    }
    return new GossipMessage(
        idOf(origin, seq, nanos(publishedAt), utf8),
        origin,
        seq,
        publishedAt,
        new String(utf8, UTF_8), // what receivers will see, should text hold a lone surrogate
        0);
  }

  /** This message one link further. */
  GossipMessage nextHop() {
    return new GossipMessage(id, origin, seq, publishedAt, text, Math.addExact(hops, 1));
  }

  /** The wire form. */
  byte[] encode() {
    return Rlp.encode(fields());
  }

  /** The six fields of the wire form, for {@link Rlp#encode(Object)}. */
  List<Object> fields() {
    return List.of(HEX.parseHex(id), origin.bytes(), seq, nanos(publishedAt), text, hops);
  }

  /**
   * Reads and checks a message from a peer.
   *
   * @throws org.p2psim.api.rlp.RlpException if the payload is not RLP of the right shape
   * @throws IllegalArgumentException {@code gossip: bad message: <what is wrong>} if a field is out
   *     of range or the id does not match
   */
  static GossipMessage decode(byte[] payload) {
    return read(Rlp.decode(payload), 1, "gossip: bad message");
  }

  /**
   * Reads and checks the six fields at the start of {@code fields}, with at least {@code minHops}
   * hops (1 from the wire, 0 from a snapshot).
   *
   * @throws org.p2psim.api.rlp.RlpException if a field is missing or of the wrong kind
   * @throws IllegalArgumentException {@code <context>: <what is wrong>}
   */
  static GossipMessage read(RlpItem fields, int minHops, String context) {
    byte[] id = fields.get(0).asBytes();
    byte[] origin = fields.get(1).asBytes();
    long seq = fields.get(2).asLong();
    long publishedAt = fields.get(3).asLong();
    byte[] text = fields.get(4).asBytes();
    int hops = fields.get(5).asInt();
    if (id.length != 32) {
      throw bad(context, "id of " + id.length + " bytes, expected 32");
    }
    if (origin.length != NodeId.LENGTH) {
      throw bad(context, "origin of " + origin.length + " bytes, expected 32");
    }
    if (text.length > MAX_TEXT_BYTES) {
      throw bad(context, tooLong(text.length));
    }
    String utf8 = strictUtf8(text);
    if (utf8 == null) {
      throw bad(context, "text is not valid UTF-8");
    }
    if (hops < minHops) {
      throw bad(context, "hops " + hops + ", expected at least " + minHops);
    }
    if (hops == Integer.MAX_VALUE) {
      throw bad(context, "hops " + hops + ": no hop can follow"); // forwarding adds one
    }
    NodeId from = NodeId.of(origin);
    String hex = HEX.formatHex(id);
    if (!hex.equals(idOf(from, seq, publishedAt, text))) {
      throw bad(context, "id " + hex + " does not match the message");
    }
    return new GossipMessage(hex, from, seq, Instant.ofEpochSecond(0, publishedAt), utf8, hops);
  }

  /** SHA-256 over {@code origin ‖ seq ‖ publishedAt ‖ text}, in hex. */
  static String idOf(NodeId origin, long seq, long publishedAtNanos, byte[] text) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    sha256.update(origin.bytes());
    sha256.update(ByteBuffer.allocate(16).putLong(seq).putLong(publishedAtNanos).array());
    sha256.update(text);
    return HEX.formatHex(sha256.digest());
  }

  /** Nanoseconds since 1970, as the wire and snapshots carry times. */
  static long nanos(Instant t) {
    if (t.isBefore(Instant.EPOCH)) {
      throw new IllegalStateException("gossip: the clock reads " + t + ", before 1970");
    }
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
  }

  /** Decodes UTF-8, or returns null if {@code bytes} are not valid UTF-8. */
  static String strictUtf8(byte[] bytes) {
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String tooLong(int textBytes) {
    return "text of " + textBytes + " bytes is too long, at most " + MAX_TEXT_BYTES + " allowed";
  }

  private static IllegalArgumentException bad(String context, String problem) {
    return new IllegalArgumentException(context + ": " + problem);
  }
}
