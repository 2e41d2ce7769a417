package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.PeerEvent;
import org.p2psim.network.NetworkException.Kind;

/** The network's model and events, over an adapter whose nodes live in the test. */
class NetworkTest {
  private final FakeAdapter adapter = new FakeAdapter();
  private Network net;
  private final Map<NodeId, String> names = new HashMap<>();
  private Recorder events;

  @BeforeEach
  void network() {
    net =
        new Network(
            adapter,
            NetworkConfig.DEFAULT
                .withDefaultService("pingpong")
                .withConnectTimeout(Duration.ofMillis(500)));
    events = new Recorder(names);
    net.subscribe(events);
  }

  @AfterEach
  void shutdown() {
    net.close();
  }

  private NodeId node() {
    NodeState s = net.create(NodeConfig.builder().build());
    names.put(s.id(), s.config().name());
    return s.id();
  }

  private NodeId upNode() {
    NodeId id = node();
    join(net.start(id));
    return id;
  }

  static <T> T join(CompletionStage<T> stage) {
    return stage.toCompletableFuture().join();
  }

  static NetworkException failure(CompletionStage<?> stage) {
    CompletionException e = assertThrows(CompletionException.class, () -> join(stage));
    return assertInstanceOf(NetworkException.class, e.getCause());
  }

  @Test
  void createNamesNodesInOrderAndRunsTheDefaultService() {
    NodeState first = net.create(NodeConfig.builder().build());
    NodeState second = net.create(NodeConfig.builder().build());
    NodeState named = net.create(NodeConfig.builder().name("alice").services("gossip").build());
    assertEquals("node01", first.config().name());
    assertEquals("node02", second.config().name());
    assertEquals(List.of("pingpong"), first.config().services());
    assertEquals(List.of("gossip"), named.config().services());
    assertEquals(List.of(first, second, named), net.nodes());
    assertEquals(named, net.node("alice").orElseThrow());
    assertEquals(named, net.node(named.id().hex()).orElseThrow());
    assertEquals(named, net.node("0x" + named.id().hex()).orElseThrow());
    assertTrue(net.node("bob").isEmpty());
    assertFalse(first.up());
  }

  @Test
  void aTakenNameOrIdIsRefused() {
    NodeState a = net.create(NodeConfig.builder().name("alice").build());
    NetworkException e =
        assertThrows(
            NetworkException.class, () -> net.create(NodeConfig.builder().name("alice").build()));
    assertEquals(Kind.CONFLICT, e.kind());
    assertEquals("node with name \"alice\" already exists", e.getMessage());
    e =
        assertThrows(
            NetworkException.class, () -> net.create(NodeConfig.builder().id(a.id()).build()));
    assertEquals("node with id " + a.id().hex() + " already exists", e.getMessage());
  }

  @Test
  void aConfigTheAdapterRefusesIsBadInput() {
    Network bare = new Network(adapter, NetworkConfig.DEFAULT);
    try {
      NetworkException e =
          assertThrows(NetworkException.class, () -> bare.create(NodeConfig.builder().build()));
      assertEquals(Kind.BAD_INPUT, e.kind());
      assertEquals("a node needs at least one service", e.getMessage());
    } finally {
      bare.close();
    }
  }

  @Test
  void startStopConnectAndDisconnectGiveTheReferencesEventsInOrder() {
    NodeId a = node();
    NodeId b = node();
    join(net.start(a));
    join(net.start(b));
    join(net.connect(a, b));
    assertTrue(net.conn(a, b).orElseThrow().up());
    assertEquals(1, net.peerCount(a));
    join(net.disconnect(a, b));
    join(net.stop(b));
    assertEquals(
        List.of(
            "node control node01 up=false",
            "node control node02 up=false",
            "node live node01 up=true",
            "node live node02 up=true",
            "conn control node01-node02 up=false",
            "conn live node01-node02 up=true",
            "conn control node01-node02 up=true",
            "conn live node01-node02 up=false",
            "node control node02 up=false"),
        events.lines(9));
  }

  @Test
  void eventsNeverCarryThePrivateKey() {
    NodeId a =
        net.create(NodeConfig.builder().privateKey("01".repeat(32)).name("keyed").build()).id();
    names.put(a, "keyed");
    join(net.start(a));
    events.lines(2);
    for (Event e : events.events()) {
      assertNull(e.node().config().privateKey());
    }
  }

  @Test
  void theDiallerIsOneWhicheverEndReportsFirst() {
    NodeId a = upNode();
    NodeId b = upNode();
    join(net.connect(b, a));
    ConnState c = net.conn(a, b).orElseThrow();
    assertEquals(b, c.one());
    assertEquals(a, c.other());
  }

  @Test
  void connectRefusesWhatTheReferenceRefuses() {
    NodeId a = upNode();
    NodeId b = upNode();
    NodeId down = node();
    NodeId ghost = NodeId.parse("ff".repeat(32));

    NetworkException e = failure(net.connect(a, a));
    assertEquals(Kind.BAD_INPUT, e.kind());
    assertEquals("refusing to connect to self " + a.hex(), e.getMessage());

    e = failure(net.connect(a, ghost));
    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals("node " + ghost.hex() + " does not exist", e.getMessage());

    e = failure(net.connect(a, down));
    assertEquals(Kind.CONFLICT, e.kind());
    assertEquals("nodes not up: other " + down.hex() + " is not up", e.getMessage());
    e = failure(net.connect(down, a));
    assertEquals("nodes not up: one " + down.hex() + " is not up", e.getMessage());

    join(net.connect(a, b));
    e = failure(net.connect(b, a));
    assertEquals(Kind.CONFLICT, e.kind());
    assertEquals(b.hex() + " and " + a.hex() + " already connected", e.getMessage());

    e = failure(net.disconnect(a, down));
    assertEquals(Kind.NOT_FOUND, e.kind());
    assertEquals(
        "connection between " + a.hex() + " and " + down.hex() + " does not exist", e.getMessage());
    join(net.disconnect(a, b));
    e = failure(net.disconnect(a, b));
    assertEquals(Kind.CONFLICT, e.kind());
    assertEquals(a.hex() + " and " + b.hex() + " already disconnected", e.getMessage());
  }

  @Test
  void startingAnUpNodeOrStoppingADownOneIsRefused() {
    NodeId a = upNode();
    NetworkException e = failure(net.start(a));
    assertEquals(Kind.CONFLICT, e.kind());
    assertEquals("node " + a.hex() + " already up", e.getMessage());
    join(net.stop(a));
    e = failure(net.stop(a));
    assertEquals("node " + a.hex() + " already down", e.getMessage());
    NodeId ghost = NodeId.parse("ee".repeat(32));
    assertEquals("node " + ghost.hex() + " does not exist", failure(net.start(ghost)).getMessage());
  }

  @Test
  void stoppingANodeTakesItsConnsDownThroughItsPeersReports() {
    NodeId a = upNode();
    NodeId b = upNode();
    NodeId c = upNode();
    join(net.connect(a, b));
    join(net.connect(c, b));
    join(net.stop(b));
    assertFalse(net.conn(a, b).orElseThrow().up());
    assertFalse(net.conn(c, b).orElseThrow().up());
    assertEquals(0, net.peerCount(a));
    assertEquals(
        List.of(
            "conn live node01-node02 up=false",
            "conn live node03-node02 up=false",
            "node control node02 up=false"),
        events.lines(13).subList(10, 13));
  }

  @Test
  void aNodeWhoseEventsBreakIsReportedDown() {
    NodeId a = upNode();
    adapter.nodes.get(a).crash();
    assertFalse(net.node(a).orElseThrow().up());
    assertEquals(
        List.of(
            "node control node01 up=false",
            "node live node01 up=true",
            "node live node01 up=false"),
        events.lines(3));
    join(net.start(a)); // and it can be started again
    assertTrue(net.node(a).orElseThrow().up());
  }

  @Test
  void messagesGiveOneEventAtEachEnd() {
    NodeId a = upNode();
    NodeId b = upNode();
    adapter.nodes.get(a).report(PeerEvent.message(false, b, "pingpong", 0, 9));
    adapter.nodes.get(b).report(PeerEvent.message(true, a, "pingpong", 0, 9));
    List<String> lines = events.lines(6);
    assertEquals(
        List.of("msg node01->node02 pingpong/0 sent", "msg node01->node02 pingpong/0 received"),
        lines.subList(4, 6));
  }

  @Test
  void aLateReportFromTheOtherEndNeverTurnsALinkBack() {
    NodeId a = upNode();
    NodeId b = upNode();
    FakeAdapter.FakeNode atA = adapter.nodes.get(a);
    FakeAdapter.FakeNode atB = adapter.nodes.get(b);
    // a's stream says add, drop; b's stream is slower and says add after a's drop.
    atA.report(PeerEvent.add(b, "127.0.0.1:5000", "127.0.0.1:30303"));
    atA.report(PeerEvent.drop(b, "disconnect requested", "127.0.0.1:5000", "127.0.0.1:30303"));
    atB.report(PeerEvent.add(a, "127.0.0.1:30303", "127.0.0.1:5000"));
    atB.report(PeerEvent.drop(a, "disconnect requested", "127.0.0.1:30303", "127.0.0.1:5000"));
    assertFalse(net.conn(a, b).orElseThrow().up());
    // A new connection between them (another port) comes up again.
    atB.report(PeerEvent.add(a, "127.0.0.1:30304", "127.0.0.1:5001"));
    assertTrue(net.conn(a, b).orElseThrow().up());
    assertEquals(
        List.of(
            "conn live node01-node02 up=true",
            "conn live node01-node02 up=false",
            "conn live node01-node02 up=true"),
        events.lines(7).subList(4, 7));
  }

  @Test
  void startAllAndStopAll() {
    NodeId a = node();
    NodeId b = node();
    join(net.startAll());
    assertEquals(List.of(a, b), net.upNodes());
    join(net.stopAll());
    assertEquals(List.of(), net.upNodes());
  }

  @Test
  void awaitPeersSaysWhichNodesAreShort() {
    NodeId a = upNode();
    NodeId b = upNode();
    upNode();
    join(net.connect(a, b));
    NetworkException e = failure(net.awaitPeers(1, Duration.ofMillis(100)));
    assertEquals(
        "timed out after 100 ms waiting for every up node has 1 peers: node03 has 0",
        e.getMessage());
    join(net.awaitConn(a, b, Duration.ofMillis(100)));
  }

  @Test
  void resetStopsAndForgetsEverything() {
    NodeId a = upNode();
    NodeId b = upNode();
    join(net.connect(a, b));
    join(net.reset());
    assertEquals(List.of(), net.nodes());
    assertEquals(List.of(), net.conns());
    assertFalse(adapter.nodes.get(a).isUp());
    assertFalse(adapter.nodes.get(b).isUp());
    assertEquals("node01", net.create(NodeConfig.builder().build()).config().name());
  }
}
