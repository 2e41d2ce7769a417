package org.p2psim.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.p2psim.api.NodeId;
import org.p2psim.network.ConnState;

/**
 * The demo's one-screen live view once a table of every node would not fit: nodes and conns up,
 * peers per node, messages per second and, for gossip, how far published messages spread.
 *
 * <p>What it costs the nodes: node and conn counts and peers per node come from the network's own
 * state (the conn events nodes already send), with no call to a node. Message counts need a call,
 * so they are read from a fixed random sample of at most {@link #SAMPLE} nodes per interval and
 * scaled to all nodes; the screen says how many were sampled. The final summary reads every node
 * once.
 */
final class LiveSummary {
  /** How many nodes are read per interval, at most. */
  static final int SAMPLE = 64;

  private LiveSummary() {}

  /** The smallest, median and largest of some per-node values. */
  record Spread(long min, long median, long max) {
    static final Spread NONE = new Spread(0, 0, 0);

    /** The spread of {@code values} (the upper median for an even count); NONE when empty. */
    static Spread of(long[] values) {
      if (values.length == 0) {
        return NONE;
      }
      long[] sorted = values.clone();
      Arrays.sort(sorted);
      return new Spread(sorted[0], sorted[sorted.length / 2], sorted[sorted.length - 1]);
    }

    String text() {
      return "min " + min + ", median " + median + ", max " + max;
    }
  }

  /**
   * Peers per node of {@code ids}, counting the conns that are up (a conn to a node outside {@code
   * ids} counts for the node inside).
   */
  static Spread peersPerNode(Collection<NodeId> ids, Collection<ConnState> conns) {
    Map<NodeId, Integer> peers = new HashMap<>();
    for (NodeId id : ids) {
      peers.put(id, 0);
    }
    for (ConnState c : conns) {
      if (c.up()) {
        peers.computeIfPresent(c.one(), (k, n) -> n + 1);
        peers.computeIfPresent(c.other(), (k, n) -> n + 1);
      }
    }
    return Spread.of(peers.values().stream().mapToLong(Integer::longValue).toArray());
  }

  /**
   * Messages per second over {@code interval} for all {@code nodes}, estimated from two readings of
   * the same sample of nodes ({@code before[i]} and {@code after[i]} are one node's counts; a count
   * that went down, a node restarted, counts as nothing).
   */
  static double perSecond(long[] before, long[] after, Duration interval, int nodes) {
    if (before.length != after.length) {
      throw new IllegalArgumentException(
          "readings of " + before.length + " and " + after.length + " nodes: expected one sample");
    }
    if (before.length == 0 || interval.isZero() || interval.isNegative()) {
      return 0;
    }
    long delta = 0;
    for (int i = 0; i < before.length; i++) {
      delta += Math.max(0, after[i] - before[i]);
    }
    double seconds = interval.toNanos() / 1e9;
    return delta / seconds * nodes / before.length;
  }

  /**
   * What the screen shows.
   *
   * @param secondsLeft how long the demo runs on
   * @param nodes how many nodes the demo has
   * @param up how many of them are up
   * @param links how many links the topology has
   * @param connsUp how many conns are up
   * @param peers peers per node
   * @param messagesPerSecond estimated for all nodes
   * @param sampled how many nodes the estimate read
   * @param interval between the two readings
   * @param published for gossip, how many messages were published; -1 for pingpong
   * @param seen for gossip, messages seen per sampled node
   * @param heapUsed bytes of heap in use in this JVM
   * @param heapMax the most heap this JVM may use
   * @param nodesInThisJvm whether the nodes run in this JVM (and so in that heap)
   */
  record View(
      long secondsLeft,
      int nodes,
      int up,
      int links,
      int connsUp,
      Spread peers,
      double messagesPerSecond,
      int sampled,
      Duration interval,
      long published,
      Spread seen,
      long heapUsed,
      long heapMax,
      boolean nodesInThisJvm) {}

  /** The screen's lines, the first starting {@code live (}. */
  static List<String> lines(View v) {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "live (%d s left)", v.secondsLeft()));
    lines.add(String.format(Locale.ROOT, "  nodes up         %d of %d", v.up(), v.nodes()));
    lines.add(String.format(Locale.ROOT, "  conns up         %d of %d", v.connsUp(), v.links()));
    lines.add("  peers per node   " + v.peers().text());
    lines.add(
        String.format(
            Locale.ROOT,
            "  messages/s       %,.0f (last %.1f s, estimated from %d sampled nodes)",
            v.messagesPerSecond(),
            v.interval().toMillis() / 1000.0,
            v.sampled()));
    if (v.published() >= 0) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  gossip           %d published; seen per node %s (sampled)",
              v.published(),
              v.seen().text()));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "  heap used        %d MiB of %d MiB (%s)",
            v.heapUsed() >> 20,
            v.heapMax() >> 20,
            v.nodesInThisJvm() ? "the nodes run in this JVM" : "this JVM; each node is a child"));
    return lines;
  }
}
