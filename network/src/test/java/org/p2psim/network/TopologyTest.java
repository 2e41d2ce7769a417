package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.p2psim.network.NetworkTest.join;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

/** The topologies of DESIGN §7, each written as the list of its connections, dialler first. */
class TopologyTest {
  private final FakeAdapter adapter = new FakeAdapter();
  private final Network net =
      new Network(
          adapter,
          NetworkConfig.DEFAULT
              .withDefaultService("pingpong")
              .withConnectTimeout(Duration.ofSeconds(2)));
  private final List<NodeId> ids = new ArrayList<>();

  @AfterEach
  void shutdown() {
    net.close();
  }

  private void upNodes(int n) {
    for (int i = 0; i < n; i++) {
      ids.add(net.create(NodeConfig.builder().build()).id());
    }
    join(net.startAll());
  }

  /** The up connections as "1-2 2-3 …", by creation index from 1, dialler first, sorted. */
  private String conns() {
    return net.conns().stream()
        .filter(ConnState::up)
        .map(c -> (ids.indexOf(c.one()) + 1) + "-" + (ids.indexOf(c.other()) + 1))
        .sorted()
        .collect(Collectors.joining(" "));
  }

  @Test
  void chain() {
    upNodes(4);
    join(net.connectChain(List.of()));
    assertEquals("1-2 2-3 3-4", conns());
  }

  @Test
  void ringClosesTheChainFromTheLastToTheFirst() {
    upNodes(4);
    join(net.connectRing(null));
    assertEquals("1-2 2-3 3-4 4-1", conns());
  }

  @Test
  void aRingOfTwoIsOneConnection() {
    upNodes(2);
    join(net.connectRing(List.of()));
    assertEquals("1-2", conns());
  }

  @Test
  void starFromTheCenter() {
    upNodes(4);
    join(net.connectStar(ids.get(1), List.of()));
    assertEquals("2-1 2-3 2-4", conns());
  }

  @Test
  void fullMesh() {
    upNodes(4);
    join(net.connectFull(List.of()));
    assertEquals("1-2 1-3 1-4 2-3 2-4 3-4", conns());
  }

  @Test
  void givenIdsInTheirOrderAndConnectionsAlreadyUpCountAsMade() {
    upNodes(4);
    join(net.connect(ids.get(2), ids.get(3)));
    join(net.connectChain(List.of(ids.get(3), ids.get(2), ids.get(0))));
    assertEquals("3-1 3-4", conns());
  }

  @Test
  void connectToLastTakesTheOneBeforeWhenTheNodeIsLast() {
    upNodes(3);
    join(net.connectToLast(ids.get(0)));
    join(net.connectToLast(ids.get(2)));
    assertEquals("2-3 3-1", conns());
  }

  @Test
  void connectToRandomRepeatsWithTheSameSeed() {
    upNodes(6);
    for (NodeId id : ids) {
      join(net.connectToRandom(id, new Random(7)).exceptionally(e -> null));
    }
    String first = conns();
    Network again =
        new Network(new FakeAdapter(), NetworkConfig.DEFAULT.withDefaultService("pingpong"));
    try {
      List<NodeId> ids2 = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ids2.add(again.create(NodeConfig.builder().build()).id());
      }
      join(again.startAll());
      for (NodeId id : ids2) {
        join(again.connectToRandom(id, new Random(7)).exceptionally(e -> null));
      }
      String second =
          again.conns().stream()
              .filter(ConnState::up)
              .map(c -> (ids2.indexOf(c.one()) + 1) + "-" + (ids2.indexOf(c.other()) + 1))
              .sorted()
              .collect(Collectors.joining(" "));
      assertEquals(first, second);
    } finally {
      again.close();
    }
  }

  @Test
  void aRingOfAThousandDoesNotRecurse() {
    upNodes(1000);
    join(net.connectRing(List.of()));
    assertEquals(1000, net.conns().stream().filter(ConnState::up).count());
    join(net.connectRing(List.of())); // all already up
  }
}
