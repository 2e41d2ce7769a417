package org.p2psim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeId;
import org.p2psim.cli.LiveSummary.Spread;
import org.p2psim.network.ConnState;

class LiveSummaryTest {
  private static NodeId id(int i) {
    return NodeId.parse(HexFormat.of().toHexDigits((byte) i).repeat(32));
  }

  @Test
  void spreadIsMinUpperMedianAndMaxWhateverTheOrder() {
    assertEquals(new Spread(1, 3, 9), Spread.of(new long[] {9, 3, 1}));
    assertEquals(new Spread(1, 4, 9), Spread.of(new long[] {9, 1, 4, 3}));
    assertEquals(new Spread(7, 7, 7), Spread.of(new long[] {7}));
    assertEquals(Spread.NONE, Spread.of(new long[0]));
    assertEquals("min 1, median 3, max 9", new Spread(1, 3, 9).text());
  }

  @Test
  void peersPerNodeCountsConnsThatAreUpOnBothEnds() {
    List<NodeId> ids = List.of(id(1), id(2), id(3), id(4));
    List<ConnState> conns =
        List.of(
            new ConnState(id(1), id(2), true),
            new ConnState(id(2), id(3), true),
            new ConnState(id(3), id(4), false), // down: counts for neither
            new ConnState(id(2), id(9), true)); // to a node outside: counts for 2 only
    // 1 has 1, 2 has 3, 3 has 1, 4 has 0
    assertEquals(new Spread(0, 1, 3), LiveSummary.peersPerNode(ids, conns));
    assertEquals(new Spread(0, 0, 0), LiveSummary.peersPerNode(ids, List.of()));
  }

  @Test
  void messagesPerSecondScaleTheSampleToAllNodes() {
    long[] before = {10, 20, 30, 40};
    long[] after = {30, 40, 50, 60}; // 80 messages from 4 nodes in 2 s: 10 per node per second
    assertEquals(1000.0, LiveSummary.perSecond(before, after, Duration.ofSeconds(2), 100), 1e-9);
    // A count that went down (a node restarted) adds nothing rather than taking away.
    assertEquals(
        20.0,
        LiveSummary.perSecond(new long[] {50, 0}, new long[] {5, 20}, Duration.ofSeconds(1), 2),
        1e-9);
    assertEquals(0.0, LiveSummary.perSecond(new long[0], new long[0], Duration.ofSeconds(1), 10));
    assertEquals(0.0, LiveSummary.perSecond(before, after, Duration.ZERO, 10));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LiveSummary.perSecond(before, new long[1], Duration.ofSeconds(1), 10));
    assertEquals("readings of 4 and 1 nodes: expected one sample", e.getMessage());
  }

  @Test
  void theScreenOfAPingpongRunInThisJvm() {
    LiveSummary.View v =
        new LiveSummary.View(
            12,
            1000,
            998,
            1000,
            996,
            new Spread(0, 2, 2),
            7962.4,
            64,
            Duration.ofMillis(1040),
            -1,
            Spread.NONE,
            191L << 20,
            6028L << 20,
            true);
    assertEquals(
        List.of(
            "live (12 s left)",
            "  nodes up         998 of 1000",
            "  conns up         996 of 1000",
            "  peers per node   min 0, median 2, max 2",
            "  messages/s       7,962 (last 1.0 s, estimated from 64 sampled nodes)",
            "  heap used        191 MiB of 6028 MiB (the nodes run in this JVM)"),
        LiveSummary.lines(v));
  }

  @Test
  void theScreenOfAGossipRunOnChildJvmsShowsTheSpread() {
    LiveSummary.View v =
        new LiveSummary.View(
            0,
            50,
            50,
            50,
            50,
            new Spread(2, 2, 2),
            12.0,
            50,
            Duration.ofSeconds(1),
            9,
            new Spread(7, 9, 9),
            20L << 20,
            100L << 20,
            false);
    assertEquals(
        List.of(
            "live (0 s left)",
            "  nodes up         50 of 50",
            "  conns up         50 of 50",
            "  peers per node   min 2, median 2, max 2",
            "  messages/s       12 (last 1.0 s, estimated from 50 sampled nodes)",
            "  gossip           9 published; seen per node min 7, median 9, max 9 (sampled)",
            "  heap used        20 MiB of 100 MiB (this JVM; each node is a child)"),
        LiveSummary.lines(v));
  }
}
