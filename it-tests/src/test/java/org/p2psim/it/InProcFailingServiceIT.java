package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.inproc.InProcAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.TypeRef;
import org.p2psim.network.ConnState;
import org.p2psim.network.Event;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.testkit.Await;

/**
 * Issue 13 §5: in a ring of {@value #NODES} in-process nodes, one node whose service throws in a
 * message callback drops its peers with "subprotocol error"; its peers hear that reason, the
 * network reports both connections down, and every other node keeps exchanging messages.
 */
class InProcFailingServiceIT {
  private static final int NODES = 300;
  private static final TypeRef<List<BoomService.Drop>> DROPS = new TypeRef<>() {};

  @TempDir Path dir;
  private InProcAdapter adapter;
  private Network net;
  private final List<Event> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void network() {
    adapter = InProcAdapter.builder(dir).build();
    net =
        new Network(
            adapter,
            NetworkConfig.DEFAULT
                .withDefaultService("boom")
                .withConnectTimeout(Duration.ofSeconds(60)));
    net.subscribe(events::add);
  }

  @AfterEach
  void shutdown() {
    try {
      net.shutdown(Duration.ofSeconds(60));
    } finally {
      adapter.close();
    }
  }

  private static <T> T join(CompletionStage<T> s) {
    return s.toCompletableFuture().orTimeout(120, TimeUnit.SECONDS).join();
  }

  private long received(NodeId id) {
    return join(net.adapterNode(id).client().call("boom_received", Long.class));
  }

  @Test
  void aNodeThatThrowsIsDroppedByItsPeersAndTheRestKeepsRunning() {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      ids.add(net.create(NodeConfig.builder().name("n" + i).build()).id());
    }
    join(net.startAll());
    join(net.connectRing(ids));
    assertEquals(NODES, net.conns().stream().filter(ConnState::up).count());

    NodeId bad = ids.get(NODES / 2);
    NodeId left = ids.get(NODES / 2 - 1);
    NodeId right = ids.get(NODES / 2 + 1);
    // Nodes well away from the bad one, whose counts must keep rising.
    List<NodeId> others = List.of(ids.get(0), ids.get(NODES / 4), ids.get(NODES - 1));
    Await.until("the ring exchanges Ticks", Duration.ofSeconds(30), () -> received(ids.get(0)) > 0);

    CompletionStage<Event> firstDown =
        net.awaitEvent(
            e ->
                e.type() == Event.Type.CONN
                    && !e.control()
                    && !e.conn().up()
                    && (e.conn().one().equals(bad) || e.conn().other().equals(bad)),
            Duration.ofSeconds(30));
    assertEquals(2, (int) join(net.adapterNode(bad).client().call("boom_provoke", Integer.class)));

    // The network reports both of the bad node's connections down, from the nodes' own reports.
    join(firstDown);
    Await.until(
        "both conns of the bad node are reported down",
        Duration.ofSeconds(30),
        () -> downConnsOf(bad).equals(Set.of(left, right)),
        () -> "down so far: " + downConnsOf(bad));
    assertEquals(NODES - 2, net.conns().stream().filter(ConnState::up).count());
    assertEquals(0, net.peerCount(bad));
    assertTrue(net.node(bad).orElseThrow().up(), "the bad node itself stays up");

    // Each peer heard the protocol's reason: the bad node sent Disconnect(subprotocol error).
    for (NodeId peer : List.of(left, right)) {
      List<BoomService.Drop> drops =
          Await.value(
              "node " + peer.shortHex() + " records its drop",
              Duration.ofSeconds(30),
              () -> {
                List<BoomService.Drop> d =
                    join(net.adapterNode(peer).client().call("boom_drops", DROPS));
                return d.isEmpty() ? null : d;
              });
      assertEquals(List.of(new BoomService.Drop(bad.hex(), "SUBPROTOCOL_ERROR")), drops);
    }

    // The other nodes keep running: every node is up and their counts still rise.
    assertEquals(NODES, net.upNodes().size());
    Map<NodeId, Long> before = new HashMap<>();
    for (NodeId id : others) {
      before.put(id, received(id));
    }
    for (NodeId id : others) {
      Await.until(
          "node " + id.shortHex() + " receives more Ticks than " + before.get(id),
          Duration.ofSeconds(30),
          () -> received(id) > before.get(id));
    }
    // The neighbours of the bad node still talk to their other neighbour.
    for (NodeId id : List.of(left, right)) {
      long now = received(id);
      Await.until(
          "node " + id.shortHex() + " keeps receiving from its other peer",
          Duration.ofSeconds(30),
          () -> received(id) > now);
    }
  }

  /** The peers of {@code node} whose connection the nodes reported down. */
  private Set<NodeId> downConnsOf(NodeId node) {
    Set<NodeId> down = new java.util.HashSet<>();
    for (Event e : events) {
      if (e.type() == Event.Type.CONN && !e.control() && !e.conn().up()) {
        if (e.conn().one().equals(node)) {
          down.add(e.conn().other());
        } else if (e.conn().other().equals(node)) {
          down.add(e.conn().one());
        }
      }
    }
    return down;
  }
}
