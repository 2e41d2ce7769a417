package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.Link;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.Partition;
import org.p2psim.network.NetworkException.Kind;

/** What the network keeps of links and partitions, and what it pushes to which node when. */
class NetworkLinksTest {
  private static final Link FIFTY = Link.NONE.withLatency(Duration.ofMillis(50));
  private static final Link SLOW = Link.NONE.withBandwidth(64_000);

  private final FakeAdapter adapter = new FakeAdapter();
  private final Network net =
      new Network(
          adapter,
          NetworkConfig.DEFAULT
              .withDefaultService("pingpong")
              .withConnectTimeout(Duration.ofMillis(500)));

  @AfterEach
  void shutdown() {
    net.close();
  }

  private NodeId node(String name) {
    return net.create(NodeConfig.builder().name(name).build()).id();
  }

  private NodeId upNode(String name) {
    NodeId id = node(name);
    join(net.start(id));
    return id;
  }

  private List<String> pushed(NodeId id) {
    return adapter.nodes.get(id).linkCalls;
  }

  private static <T> T join(CompletionStage<T> stage) {
    return NetworkTest.join(stage);
  }

  private static NetworkException failure(CompletionStage<?> stage) {
    CompletionException e = assertThrows(CompletionException.class, () -> join(stage));
    return assertInstanceOf(NetworkException.class, e.getCause());
  }

  @Test
  void aLinkGoesToBothUpEndsAndToADownEndWhenItStarts() {
    NodeId a = upNode("a");
    NodeId b = node("b");
    join(net.setLink(a, b, FIFTY));
    assertEquals(List.of("link b " + FIFTY), pushed(a));
    assertEquals(List.of(), pushed(b));
    assertEquals(FIFTY, net.link(b, a));

    join(net.start(b));
    assertEquals(List.of("link a " + FIFTY), pushed(b));

    join(net.setLink(b, a, null));
    assertEquals(Link.NONE, net.link(a, b));
    assertEquals("link a null", pushed(b).get(1));
  }

  @Test
  void startingPlainNodesPushesNothing() {
    NodeId a = upNode("a");
    assertEquals(List.of(), pushed(a));
  }

  @Test
  void theDefaultLinkGoesToEveryUpNodeAndToNodesAsTheyStart() {
    NodeId a = upNode("a");
    NodeId b = node("b");
    join(net.setDefaultLink(SLOW));
    assertEquals(List.of("default " + SLOW), pushed(a));
    join(net.start(b));
    assertEquals(List.of("default " + SLOW), pushed(b));
    assertEquals(SLOW, net.link(a, b));
  }

  @Test
  void connectWithALinkSetsItBeforeTheDial() {
    NodeId a = upNode("a");
    NodeId b = upNode("b");
    join(net.connect(a, b, FIFTY));
    assertEquals(List.of("link b " + FIFTY), pushed(a));
    assertEquals(List.of("link a " + FIFTY), pushed(b));
    assertTrue(net.conn(a, b).orElseThrow().up());
    NetworkException again = failure(net.connect(a, b, SLOW));
    assertEquals(Kind.CONFLICT, again.kind());
    assertEquals(FIFTY, net.link(a, b), "a refused connect leaves the link alone");
  }

  @Test
  void aPartitionCutsConnsAcrossItRefusesConnectsAndHealingRemakesThem() {
    NodeId a = upNode("a");
    NodeId b = upNode("b");
    NodeId c = upNode("c");
    join(net.connectChain(List.of(a, b, c)));

    join(net.partition(List.of(List.of(a))));
    assertEquals(Partition.of(List.of(List.of(a))), net.partition());
    assertFalse(net.conn(a, b).orElseThrow().up());
    assertTrue(net.conn(b, c).orElseThrow().up());
    NetworkException refused = failure(net.connect(c, a));
    assertEquals(
        "cannot connect " + c.hex() + " to " + a.hex() + ": a partition separates them",
        refused.getMessage());

    NodeId d = upNode("d"); // started during the partition: it is in it too
    assertEquals(List.of("partition 1"), pushed(d));

    join(net.heal());
    assertTrue(net.partition().isNone());
    assertTrue(net.conn(a, b).orElseThrow().up(), "the cut connection is made again");
    assertEquals(a, net.conn(a, b).orElseThrow().one(), "by the node that dialled it");
    assertEquals(List.of("partition 1", "partition 0"), pushed(c));
  }

  @Test
  void aNewPartitionRemakesWhatTheOldCutAndItDoesNot() {
    NodeId a = upNode("a");
    NodeId b = upNode("b");
    NodeId c = upNode("c");
    join(net.connectChain(List.of(a, b, c)));
    join(net.partition(List.of(List.of(a))));
    join(net.partition(List.of(List.of(c))));
    assertTrue(net.conn(a, b).orElseThrow().up());
    assertFalse(net.conn(b, c).orElseThrow().up());
  }

  @Test
  void badPartitionsAndLinksAreRefusedSayingWhy() {
    NodeId a = upNode("a");
    NodeId b = upNode("b");
    NodeId ghost = NodeId.parse("ab".repeat(32));
    NetworkException e = failure(net.partition(List.of(List.of(a, ghost))));
    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals("node " + ghost.hex() + " does not exist", e.getMessage());
    e = failure(net.partition(List.of(List.of(a, b), List.of(b))));
    assertEquals(Kind.BAD_INPUT, e.kind());
    assertEquals("node " + b + " is in two partition groups, 0 and 1", e.getMessage());
    assertTrue(net.partition().isNone());
    e = failure(net.setLink(a, a, FIFTY));
    assertEquals(Kind.BAD_INPUT, e.kind());
    e = failure(net.setLink(a, ghost, FIFTY));
    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals(List.of(), pushed(a));
  }

  @Test
  void resetForgetsLinksAndThePartition() {
    NodeId a = upNode("a");
    NodeId b = upNode("b");
    join(net.setDefaultLink(SLOW));
    join(net.setLink(a, b, FIFTY));
    join(net.partition(List.of(List.of(a))));
    join(net.reset());
    assertEquals(Link.NONE, net.defaultLink());
    assertTrue(net.pairLinks().isEmpty());
    assertTrue(net.partition().isNone());
  }
}
