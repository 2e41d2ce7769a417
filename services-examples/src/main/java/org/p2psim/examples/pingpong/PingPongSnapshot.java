package org.p2psim.examples.pingpong;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.p2psim.api.NodeId;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpException;
import org.p2psim.api.rlp.RlpItem;

/**
 * The bytes {@code pingpong} saves in a snapshot, in RLP:
 *
 * <pre>{@code
 * [1, [sent, received, pongs], [[peer id (32 bytes), sent, received, pongs], ...]]
 * }</pre>
 *
 * <p>The first element is the format version. Peers are in id order. The total must equal the sum
 * over the peers; {@link #decode(byte[])} checks that and everything else, and rejects what does
 * not fit with an {@link IllegalArgumentException} that says what is wrong.
 */
final class PingPongSnapshot {
  static final long FORMAT = 1;

  private PingPongSnapshot() {}

  /** The state a snapshot holds. */
  record State(Counts total, Map<NodeId, Counts> peers) {
    static final State EMPTY = new State(Counts.ZERO, Map.of());
  }

  static byte[] encode(State state) {
    List<Object> peers = new ArrayList<>();
    state
        .peers()
        .forEach((id, c) -> peers.add(List.of(id.bytes(), c.sent(), c.received(), c.pongs())));
    Counts t = state.total();
    return Rlp.encodeListOf(FORMAT, List.of(t.sent(), t.received(), t.pongs()), peers);
  }

  /**
   * Reads a snapshot.
   *
   * @throws IllegalArgumentException {@code pingpong: bad snapshot: <what is wrong>}
   */
  static State decode(byte[] bytes) {
    try {
      RlpItem root = Rlp.decode(bytes);
      long format = root.get(0).asLong();
      if (format != FORMAT) {
        throw bad("format version " + format + ", expected " + FORMAT);
      }
      Counts total = counts(root.get(1), 0);
      Map<NodeId, Counts> peers = new TreeMap<>();
      Counts sum = Counts.ZERO;
      int index = 0;
      for (RlpItem entry : root.get(2).asList()) {
        byte[] id = entry.get(0).asBytes();
        if (id.length != NodeId.LENGTH) {
          throw bad("peer " + index + " has an id of " + id.length + " bytes, expected 32");
        }
        Counts c = counts(entry, 1);
        if (peers.put(NodeId.of(id), c) != null) {
          throw bad("peer " + NodeId.of(id).shortHex() + " appears twice");
        }
        sum = add(sum, c);
        index++;
      }
      if (!sum.equals(total)) {
        throw bad("total " + total + " is not the sum over the peers, " + sum);
      }
      return new State(total, peers);
    } catch (RlpException e) {
      throw bad(e.getMessage(), e);
    }
  }

  /** {@code a + b}, refusing a sum past {@link Long#MAX_VALUE}, which each count may be. */
  private static Counts add(Counts a, Counts b) {
    return new Counts(
        addExact(a.sent(), b.sent(), "sent"),
        addExact(a.received(), b.received(), "received"),
        addExact(a.pongs(), b.pongs(), "pongs"));
  }

  private static long addExact(long a, long b, String what) {
    try {
      return Math.addExact(a, b);
    } catch (ArithmeticException e) {
      throw bad("the peers' " + what + " counts sum past " + Long.MAX_VALUE);
    }
  }

  /**
   * Reads {@code sent, received, pongs}: each Pong answers one Ping sent, so there are no more
   * Pongs than Pings; and a count at {@link Long#MAX_VALUE} would leave no room for the next.
   */
  private static Counts counts(RlpItem list, int from) {
    Counts c =
        new Counts(
            list.get(from).asLong(), list.get(from + 1).asLong(), list.get(from + 2).asLong());
    if (c.pongs() > c.sent()) {
      throw bad(c.pongs() + " Pongs for " + c.sent() + " Pings sent");
    }
    if (c.sent() == Long.MAX_VALUE || c.received() == Long.MAX_VALUE) {
      throw bad("a count of " + Long.MAX_VALUE + " leaves no room to count on");
    }
    return c;
  }

  private static IllegalArgumentException bad(String problem) {
    return new IllegalArgumentException("pingpong: bad snapshot: " + problem);
  }

  private static IllegalArgumentException bad(String problem, Throwable cause) {
    return new IllegalArgumentException("pingpong: bad snapshot: " + problem, cause);
  }
}
