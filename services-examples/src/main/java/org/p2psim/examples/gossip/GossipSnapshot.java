package org.p2psim.examples.gossip;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.p2psim.api.NodeId;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpException;
import org.p2psim.api.rlp.RlpItem;

/**
 * The bytes {@code gossip} saves in a snapshot, in RLP:
 *
 * <pre>{@code
 * [1, nextSeq, [[id, origin, seq, publishedAt, text, hops, receivedAt, from], ...]]
 * }</pre>
 *
 * <p>The first element is the format version; {@code nextSeq} is the sequence number of the next
 * message this node publishes. Then the seen set in arrival order: the first six fields of each
 * record are those of the wire message (see {@link GossipMessage}), {@code receivedAt} is in
 * nanoseconds since 1970 and {@code from} is the 32-byte id of the peer it came from, or empty for
 * a message published here (hops 0). {@link #decode} checks all of it, ids included.
 */
final class GossipSnapshot {
  static final long FORMAT = 1;

  private GossipSnapshot() {}

  /** The state a snapshot holds. */
  record State(long nextSeq, List<GossipService.Entry> seen) {
    static final State EMPTY = new State(0, List.of());
  }

  static byte[] encode(State state) {
    List<Object> seen = new ArrayList<>(state.seen().size());
    for (GossipService.Entry e : state.seen()) {
      List<Object> fields = new ArrayList<>(e.message().fields());
      fields.add(GossipMessage.nanos(e.receivedAt()));
      fields.add(e.from() == null ? new byte[0] : e.from().bytes());
      seen.add(fields);
    }
    return Rlp.encodeListOf(FORMAT, state.nextSeq(), seen);
  }

  /**
   * Reads a snapshot of node {@code self}.
   *
   * @throws IllegalArgumentException {@code gossip: bad snapshot: <what is wrong>}
   */
  static State decode(byte[] bytes, NodeId self) {
    try {
      RlpItem root = Rlp.decode(bytes);
      long format = root.get(0).asLong();
      if (format != FORMAT) {
        throw bad("format version " + format + ", expected " + FORMAT);
      }
      long nextSeq = root.get(1).asLong();
      List<GossipService.Entry> seen = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      int index = 0;
      for (RlpItem record : root.get(2).asList()) {
        String context = "gossip: bad snapshot: message " + index;
        GossipMessage m = GossipMessage.read(record, 0, context);
        Instant receivedAt = Instant.ofEpochSecond(0, record.get(6).asLong());
        byte[] from = record.get(7).asBytes();
        if (from.length != 0 && from.length != NodeId.LENGTH) {
          throw bad("message " + index + ": from of " + from.length + " bytes, expected 0 or 32");
        }
        if ((from.length == 0) != (m.hops() == 0)) {
          throw bad(
              "message "
                  + index
                  + ": hops "
                  + m.hops()
                  + " but from is "
                  + (from.length == 0 ? "empty" : "a peer"));
        }
        if (m.hops() == 0 && !m.origin().equals(self)) {
          throw bad(
              "message "
                  + index
                  + " was published here but its origin is "
                  + m.origin().shortHex()
                  + ", not this node "
                  + self.shortHex()
                  + ": a snapshot of another node?");
        }
        if (!ids.add(m.id())) {
          throw bad("message " + index + ": id " + m.id() + " appears twice");
        }
        if (m.origin().equals(self) && m.seq() >= nextSeq) {
          throw bad(
              "message "
                  + index
                  + " was published here with seq "
                  + m.seq()
                  + " but nextSeq is "
                  + nextSeq);
        }
        seen.add(new GossipService.Entry(m, receivedAt, from.length == 0 ? null : NodeId.of(from)));
        index++;
      }
      return new State(nextSeq, seen);
    } catch (RlpException e) {
      throw new IllegalArgumentException("gossip: bad snapshot: " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException bad(String problem) {
    return new IllegalArgumentException("gossip: bad snapshot: " + problem);
  }
}
