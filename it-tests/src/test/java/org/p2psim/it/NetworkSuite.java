package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.api.Link;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.examples.pingpong.RoundTrips;
import org.p2psim.network.ConnState;
import org.p2psim.network.Event;
import org.p2psim.network.Mockers;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.network.NetworkException;
import org.p2psim.network.NodeState;
import org.p2psim.network.Simulation;
import org.p2psim.network.Step;
import org.p2psim.network.StepResult;
import org.p2psim.network.Trigger;
import org.p2psim.snapshot.NetworkSnapshot;
import org.p2psim.snapshot.SnapshotException;
import org.p2psim.snapshot.SnapshotReader;
import org.p2psim.testkit.Await;

/**
 * The reference's network behaviours, on real nodes of whatever adapter a subclass gives: events in
 * order, refusals, snapshot round trips over several topologies, steps that pass and steps that
 * time out, each mocker, and a broken snapshot that leaves nothing behind.
 */
abstract class NetworkSuite {
  @TempDir Path dir;
  private NodeAdapter adapter;
  protected Network net;
  private final List<Event> events = new ArrayList<>();
  private final Map<NodeId, String> names = new java.util.concurrent.ConcurrentHashMap<>();

  /** The adapter under test, keeping its nodes under {@code dir}. */
  abstract NodeAdapter newAdapter(Path dir);

  /** Closes the adapter, ending every node it made. */
  abstract void closeAdapter(NodeAdapter adapter);

  @BeforeEach
  void network() {
    adapter = newAdapter(dir.resolve("nodes"));
    net =
        new Network(
            adapter,
            NetworkConfig.DEFAULT
                .withDefaultService("gossip")
                .withConnectTimeout(Duration.ofSeconds(20)));
    net.subscribe(
        e -> {
          synchronized (events) {
            events.add(e);
          }
        });
  }

  @AfterEach
  void shutdown() {
    try {
      net.shutdown(Duration.ofSeconds(30));
    } finally {
      closeAdapter(adapter);
    }
  }

  static <T> T join(CompletionStage<T> s) {
    return s.toCompletableFuture().orTimeout(120, TimeUnit.SECONDS).join();
  }

  private NodeId node(String name) {
    NodeState s = net.create(NodeConfig.builder().name(name).build());
    names.put(s.id(), name);
    return s.id();
  }

  private List<NodeId> upNodes(String prefix, int n) {
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      ids.add(node(prefix + i));
    }
    join(net.startAll());
    return ids;
  }

  private List<String> lines() {
    synchronized (events) {
      return events.stream().map(this::line).toList();
    }
  }

  private String line(Event e) {
    String kind = e.control() ? "control" : "live";
    return switch (e.type()) {
      case NODE -> "node " + kind + " " + names.get(e.node().id()) + " up=" + e.node().up();
      case CONN ->
          "conn "
              + kind
              + " "
              + names.get(e.conn().one())
              + "-"
              + names.get(e.conn().other())
              + " up="
              + e.conn().up();
      case MSG -> "msg";
    };
  }

  private long seen(NodeId id) {
    return ((Number) join(net.adapterNode(id).client().call("gossip_seenCount", Integer.class)))
        .longValue();
  }

  @Test
  void startStopConnectAndDisconnectGiveTheirEventsInOrder() {
    NodeId a = node("a");
    NodeId b = node("b");
    join(net.start(a));
    join(net.start(b));
    join(net.connect(a, b));
    join(net.disconnect(a, b));
    join(net.stop(b));
    Await.until(
        "9 events", Duration.ofSeconds(10), () -> lines().size() >= 9, () -> lines().toString());
    assertEquals(
        List.of(
            "node control a up=false",
            "node control b up=false",
            "node live a up=true",
            "node live b up=true",
            "conn control a-b up=false",
            "conn live a-b up=true",
            "conn control a-b up=true",
            "conn live a-b up=false",
            "node control b up=false"),
        lines().subList(0, 9));
    // A loopback address: 127.0.0.1 on TCP, a node's own 127.a.b.c on in-memory pipes.
    String enode = net.node(a).orElseThrow().info().enode();
    assertTrue(enode.matches("enode://[0-9a-f]{128}@127\\.\\d+\\.\\d+\\.\\d+:\\d+"), enode);
  }

  @Test
  void connectingANodeThatIsDownFails() {
    NodeId a = node("a");
    NodeId b = node("b");
    join(net.start(a));
    CompletionException e = assertThrows(CompletionException.class, () -> join(net.connect(a, b)));
    NetworkException n = assertInstanceOf(NetworkException.class, e.getCause());
    assertEquals("nodes not up: other " + b.hex() + " is not up", n.getMessage());
  }

  @Test
  void aConnectTheDiallerCannotMakeFailsAtOnceWithTheNodesReason() {
    NodeId a = node("a");
    NodeId b = net.create(NodeConfig.builder().name("b").services("pingpong").build()).id();
    names.put(b, "b");
    join(net.startAll());
    long t0 = System.nanoTime();
    CompletionException e = assertThrows(CompletionException.class, () -> join(net.connect(a, b)));
    long millis = (System.nanoTime() - t0) / 1_000_000;
    // gossip and pingpong share no capability: the dial ends with the devp2p reason (as a found
    // it, or as b's Disconnect said it), which a's dialfail event carries to the network well
    // before the 20 s connect timeout.
    NetworkException n = assertInstanceOf(NetworkException.class, e.getCause());
    String why = n.getMessage();
    assertTrue(
        why.startsWith("cannot connect " + a.hex() + " to " + b.hex() + ": ")
            && (why.endsWith("no capability in common") || why.endsWith("useless peer")),
        why);
    assertTrue(millis < 10_000, "took " + millis + " ms");
    assertFalse(net.conn(a, b).orElseThrow().up());
    assertFalse(lines().contains("conn live a-b up=true"), lines().toString());
  }

  @Test
  void aNodeWhoseProcessEndsIsReportedDownAndItsPeersDropIt() {
    List<NodeId> ids = upNodes("n", 2);
    join(net.connect(ids.get(0), ids.get(1)));
    join(net.adapterNode(ids.get(1)).stop()); // behind the network's back
    Await.until(
        "n2 down and its conn gone",
        Duration.ofSeconds(20),
        () ->
            !net.node(ids.get(1)).orElseThrow().up()
                && !net.conn(ids.get(0), ids.get(1)).orElseThrow().up()
                // The event reaches the journal after the state changes: wait for it too.
                && lines().contains("node live n2 up=false"),
        () -> lines().toString());
  }

  private void roundTrip(Function<List<NodeId>, CompletionStage<Void>> topology, String label) {
    List<NodeId> ids = upNodes(label, 4);
    join(topology.apply(ids));
    String text =
        join(
            net.adapterNode(ids.get(0))
                .client()
                .call("gossip_publish", String.class, "hi " + label));
    assertTrue(text.length() > 0);
    Await.until(
        "every node has seen the message",
        Duration.ofSeconds(20),
        () -> ids.stream().allMatch(id -> seen(id) >= 1));
    List<String> upConns =
        net.conns().stream()
            .filter(ConnState::up)
            .map(c -> c.one() + "-" + c.other())
            .sorted()
            .toList();
    NetworkSnapshot saved = join(net.snapshot());
    String json = SnapshotReader.write(saved);
    join(net.reset());

    join(
        net.load(
            new SnapshotReader(Set.of("gossip", "pingpong")).read(json), Duration.ofSeconds(60)));
    assertEquals(ids, net.nodes().stream().map(NodeState::id).toList());
    assertTrue(net.nodes().stream().allMatch(NodeState::up));
    assertEquals(
        upConns,
        net.conns().stream()
            .filter(ConnState::up)
            .map(c -> c.one() + "-" + c.other())
            .sorted()
            .toList());
    for (NodeId id : ids) {
      assertEquals(1, seen(id), "the seen set of " + names.get(id) + " came back");
    }
    join(net.reset());
  }

  @Test
  void aSnapshotRoundTripKeepsNodesConnsAndServiceStateForSeveralTopologies() {
    roundTrip(ids -> net.connectRing(ids), "ring");
    roundTrip(ids -> net.connectStar(ids.get(0), ids), "star");
    roundTrip(ids -> net.connectFull(ids), "full");
  }

  @Test
  void aStepPassesAndOneThatCannotTimesOutNamingTheNodes() {
    List<NodeId> ids = upNodes("s", 3);
    join(net.connectChain(ids));
    Simulation sim = new Simulation(net);
    StepResult ok =
        join(
            sim.run(
                new Step(
                    n ->
                        n.adapterNode(ids.get(0))
                            .client()
                            .call("gossip_publish", String.class, "x"),
                    Trigger.every(Duration.ofMillis(100)),
                    ids,
                    id -> CompletableFuture.completedFuture(seen(id) >= 1),
                    Duration.ofSeconds(20))));
    assertNull(ok.error());
    assertEquals(3, ok.passes().size());
    StepResult late =
        join(
            sim.run(
                new Step(
                    n -> CompletableFuture.completedFuture(null),
                    Trigger.every(Duration.ofMillis(100)),
                    ids,
                    id -> CompletableFuture.completedFuture(seen(id) >= 2),
                    Duration.ofSeconds(1))));
    assertEquals("step timed out after 1 s: 3 of 3 nodes had not passed: s1, s2, s3", late.error());
  }

  @Test
  void eachMockerChangesTheNetworkAsItShould() throws Exception {
    Mockers mockers =
        new Mockers()
            .register(Mockers.boot())
            .register(Mockers.startStop(Duration.ofMillis(300), Duration.ofMillis(500)))
            .register(Mockers.probabilistic(Duration.ofMillis(100), Duration.ofMillis(300)));

    Mockers.Running boot = mockers.start("boot", net, 3, 1);
    boot.done().toCompletableFuture().get(60, TimeUnit.SECONDS);
    assertEquals(3, net.conns().stream().filter(ConnState::up).count());
    join(net.reset());

    for (String name : List.of("startStop", "probabilistic")) {
      Mockers.Running running = mockers.start(name, net, 3, 5);
      try {
        Event down =
            join(
                net.awaitEvent(
                    e -> e.type() == Event.Type.NODE && e.control() && !e.node().up(),
                    Duration.ofSeconds(60)));
        join(
            net.awaitEvent(
                e ->
                    e.type() == Event.Type.NODE
                        && e.node().up()
                        && e.node().id().equals(down.node().id()),
                Duration.ofSeconds(60)));
      } finally {
        assertTrue(running.stop(Duration.ofSeconds(30)), name + " did not stop");
      }
      join(net.reset());
    }
  }

  @Test
  void aBrokenSnapshotLeavesNothingBehind() {
    List<NodeId> ids = upNodes("b", 2);
    join(net.connect(ids.get(0), ids.get(1)));
    NetworkSnapshot saved = join(net.snapshot());
    join(net.reset());

    // Refused before anything is made: an unknown service.
    String unknown = SnapshotReader.write(saved).replace("\"gossip\"", "\"flod\"");
    SnapshotException bad =
        assertThrows(
            SnapshotException.class,
            () -> new SnapshotReader(Set.of("gossip", "pingpong")).read(unknown));
    assertTrue(bad.getMessage().contains("unknown service \"flod\""), bad.getMessage());

    // Refused by the node: state its service cannot read. The other node was made and started.
    NetworkSnapshot.NodeSnapshot first = saved.nodes().get(0);
    NetworkSnapshot broken =
        new NetworkSnapshot(
            List.of(
                first,
                new NetworkSnapshot.NodeSnapshot(
                    saved.nodes().get(1).node(),
                    Map.of("gossip", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})))),
            saved.conns(),
            null);
    CompletionException e =
        assertThrows(
            CompletionException.class, () -> join(net.load(broken, Duration.ofSeconds(60))));
    assertTrue(
        e.getCause().getMessage().startsWith("cannot load the snapshot: nodes[1] (b2): "),
        e.getCause().getMessage());
    assertEquals(List.of(), net.nodes());
    assertEquals(List.of(), net.conns());
  }

  // --- link conditions and partitions ----------------------------------------------------------

  /** What {@code from} measured of its round trips to {@code to}, or null before it has a peer. */
  private RoundTrips roundTrips(NodeId from, NodeId to) {
    return join(net.adapterNode(from).client().call("pingpong_roundTrips", RoundTrips.BY_PEER))
        .get(to.hex());
  }

  private double medianRoundTrip(NodeId from, NodeId to, long afterCount) {
    RoundTrips[] last = new RoundTrips[1];
    Await.until(
        "round trips from " + names.get(from) + " past " + afterCount,
        Duration.ofSeconds(30),
        () -> {
          last[0] = roundTrips(from, to);
          return last[0] != null && last[0].count() >= afterCount;
        });
    return last[0].medianMs();
  }

  private long roundTripCount(NodeId from, NodeId to) {
    return roundTrips(from, to).count();
  }

  @Test
  void aFiftyMillisecondLinkDelaysPingpongRoundTripsByAboutAHundred() {
    NodeId a =
        net.create(
                NodeConfig.builder()
                    .name("a")
                    .services("pingpong")
                    .property("interval", 50)
                    .build())
            .id();
    NodeId b =
        net.create(
                NodeConfig.builder()
                    .name("b")
                    .services("pingpong")
                    .property("interval", 50)
                    .build())
            .id();
    names.put(a, "a");
    names.put(b, "b");
    join(net.startAll());
    join(net.connect(a, b));
    double plain = medianRoundTrip(a, b, 2 * RoundTrips.WINDOW);

    join(net.setLink(a, b, Link.NONE.withLatency(Duration.ofMillis(50))));
    assertEquals(Duration.ofMillis(50), net.link(b, a).latency());
    long since = roundTripCount(a, b) + 1; // a Ping in flight may have gone before the link
    double slow = medianRoundTrip(a, b, since + RoundTrips.WINDOW);
    double added = slow - plain;
    assertTrue(
        added >= 95 && added <= 140, "median round trip " + plain + " ms became " + slow + " ms");

    join(net.setLink(a, b, null)); // back to the default: none
    since = roundTripCount(a, b) + 1;
    double back = medianRoundTrip(a, b, since + RoundTrips.WINDOW);
    assertTrue(back < plain + 20, "round trips stay slow after the link was cleared: " + back);
  }

  @Test
  void aOneMegabitLinkCarriesAboutOneMegabitPerSecond() {
    List<NodeId> ids = upNodes("bw", 2);
    NodeId a = ids.get(0);
    NodeId b = ids.get(1);
    join(net.connect(a, b, Link.NONE.withBandwidth(1_000_000)));
    java.util.Random random = new java.util.Random(7);
    int messages = 30;
    long textBytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      byte[] raw = new byte[3000];
      random.nextBytes(raw);
      String text = Base64.getEncoder().encodeToString(raw); // 4,000 bytes snappy cannot shrink
      textBytes += text.length();
      join(net.adapterNode(a).client().call("gossip_publish", String.class, text));
    }
    Await.until("b has every message", Duration.ofSeconds(20), () -> seen(b) == messages);
    double seconds = (System.nanoTime() - start) / 1e9;
    double mbits = textBytes * 8 / seconds / 1e6;
    // Message text only: RLPx frames and the gossip envelope add a few per cent on top.
    assertTrue(mbits > 0.8 && mbits <= 1.0, mbits + " Mbit/s of message text in " + seconds + " s");
  }

  @Test
  void aPartitionSplitsGossipAndHealingLetsItThrough() {
    List<NodeId> ids = upNodes("p", 4); // ring p1-p2-p3-p4-p1
    join(net.connectRing(ids));
    NodeId p1 = ids.get(0);
    NodeId p2 = ids.get(1);
    NodeId p3 = ids.get(2);
    NodeId p4 = ids.get(3);

    join(net.partition(List.of(List.of(p1, p2))));
    assertTrue(net.conn(p2, p3).map(c -> !c.up()).orElseThrow(), "p2-p3 crosses the cut");
    assertTrue(net.conn(p4, p1).map(c -> !c.up()).orElseThrow(), "p4-p1 crosses the cut");
    assertTrue(net.conn(p1, p2).map(ConnState::up).orElseThrow());
    assertTrue(net.conn(p3, p4).map(ConnState::up).orElseThrow());
    CompletionException refused =
        assertThrows(CompletionException.class, () -> join(net.connect(p1, p3)));
    assertEquals(
        "cannot connect " + p1.hex() + " to " + p3.hex() + ": a partition separates them",
        refused.getCause().getMessage());

    join(net.adapterNode(p1).client().call("gossip_publish", String.class, "inside"));
    Await.until("p2 has it", Duration.ofSeconds(10), () -> seen(p2) == 1);
    join(net.adapterNode(p3).client().call("gossip_publish", String.class, "outside"));
    Await.until("p4 has it", Duration.ofSeconds(10), () -> seen(p4) == 1);
    sleep(300); // time enough to cross, were the cut not there
    assertEquals(List.of(1L, 1L, 1L, 1L), ids.stream().map(this::seen).toList());

    join(net.heal());
    assertTrue(net.conns().stream().allMatch(ConnState::up), net.conns().toString());
    join(net.adapterNode(p3).client().call("gossip_publish", String.class, "after"));
    Await.until(
        "everyone has the message sent after healing",
        Duration.ofSeconds(10),
        () -> ids.stream().allMatch(id -> seen(id) == 2));
  }

  @Test
  void linksAndTheDefaultLinkSurviveASnapshot() {
    List<NodeId> ids = upNodes("l", 3);
    join(net.setDefaultLink(Link.NONE.withLatency(Duration.ofMillis(5))));
    join(net.connect(ids.get(0), ids.get(1), Link.NONE.withBandwidth(2_000_000)));
    join(net.connect(ids.get(1), ids.get(2)));
    String json = SnapshotReader.write(join(net.snapshot()));
    assertTrue(json.contains("\"default_link\":{\"latency\":\"5ms\"}"), json);
    assertTrue(json.contains("\"link\":{\"bandwidth\":2000000}"), json);
    join(net.reset());
    assertEquals(Link.NONE, net.defaultLink());

    join(net.load(new SnapshotReader(Set.of("gossip")).read(json), Duration.ofSeconds(60)));
    assertEquals(Link.NONE.withLatency(Duration.ofMillis(5)), net.defaultLink());
    assertEquals(Link.NONE.withBandwidth(2_000_000), net.link(ids.get(1), ids.get(0)));
    assertEquals(net.defaultLink(), net.link(ids.get(1), ids.get(2)));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
