package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.p2psim.network.NetworkTest.failure;
import static org.p2psim.network.NetworkTest.join;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.Link;
import org.p2psim.api.Node;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.Partition;
import org.p2psim.api.RpcClient;
import org.p2psim.snapshot.NetworkSnapshot;

/**
 * What happens when something else comes while a node starts or a snapshot loads (a reset, a
 * shutdown, a heal, an ended subscription, a start that never answers), and after a shutdown; with
 * mocked nodes whose starts the test completes when it wants.
 */
class NetworkRacesTest {
  private static final NodeId A = NodeId.parse("aa".repeat(32));
  private static final NodeId B = NodeId.parse("bb".repeat(32));

  private final NodeAdapter adapter = mock(NodeAdapter.class);
  private final Network net =
      new Network(adapter, NetworkConfig.DEFAULT.withDefaultService("pingpong"));

  @AfterEach
  void shutdown() {
    net.shutdown(Duration.ofSeconds(2));
  }

  private static Node node(NodeId id, CompletableFuture<Void> ended) {
    return MockNodes.node(id, mock(RpcClient.class), ended);
  }

  private NodeId create(Node node) {
    when(adapter.newNode(any())).thenReturn(node);
    return net.create(node.config()).id();
  }

  @Test
  void aNodeWhosePeerEventsEndAsItStartsIsNotUp() {
    Node node =
        node(A, CompletableFuture.completedFuture(null)); // ended before the network held it
    NodeId id = create(node);

    NetworkException e = failure(net.start(id));

    assertEquals(
        "node " + A.hex() + " did not start: its peer events ended as it came up", e.getMessage());
    assertFalse(net.node(id).orElseThrow().up());
    verify(node).stop();
  }

  @Test
  void aResetWhileANodeStartsLeavesItStopped() {
    Node node = node(A, new CompletableFuture<>());
    CompletableFuture<Void> starting = new CompletableFuture<>();
    when(node.start(any())).thenReturn(starting);
    NodeId id = create(node);
    CompletableFuture<Void> start = net.start(id).toCompletableFuture();

    join(net.reset());
    starting.complete(null);

    NetworkException e = failure(start);
    assertEquals("node " + A.hex() + " was removed while it started; stopped it", e.getMessage());
    assertTrue(net.nodes().isEmpty());
    verify(node, timeout(1000)).stop();
  }

  @Test
  void aShutdownWhileANodeStartsLeavesItStopped() {
    Node node = node(A, new CompletableFuture<>());
    CompletableFuture<Void> starting = new CompletableFuture<>();
    when(node.start(any())).thenReturn(starting);
    NodeId id = create(node);
    CompletableFuture<Void> start = net.start(id).toCompletableFuture();

    net.shutdown(Duration.ofSeconds(1));
    starting.complete(null);

    NetworkException e = failure(start);
    assertEquals(
        "node " + A.hex() + " started after the network shut down; stopped it", e.getMessage());
    verify(node, timeout(1000)).stop();
  }

  @Test
  void aHealWhileANodeStartsReachesTheNode() {
    Node a = node(A, new CompletableFuture<>());
    NodeId ida = create(a);
    NodeId idb = create(node(B, new CompletableFuture<>()));
    join(net.partition(List.of(List.of(ida), List.of(idb)))); // nobody up: nothing pushed yet
    CompletableFuture<Void> pushed = new CompletableFuture<>();
    when(a.setPartition(any())).thenReturn(pushed);
    CompletableFuture<Void> start = net.start(ida).toCompletableFuture();
    verify(a, timeout(1000)).setPartition(any()); // the start hands a the partition, and waits

    join(net.heal()); // a is not up: the heal does not push to it
    when(a.setPartition(any())).thenReturn(CompletableFuture.completedFuture(null));
    pushed.complete(null);
    join(start);

    assertTrue(net.partition().isNone());
    verify(a).setPartition(Partition.NONE);
  }

  @Test
  void aLinkClearedWhileANodeStartsIsClearedInTheNode() {
    Node a = node(A, new CompletableFuture<>());
    NodeId ida = create(a);
    NodeId idb = create(node(B, new CompletableFuture<>()));
    join(net.setLink(ida, idb, Link.of(Duration.ofMillis(50), Duration.ZERO, 0)));
    CompletableFuture<Void> pushed = new CompletableFuture<>();
    when(a.setLink(any(), any())).thenReturn(pushed);
    CompletableFuture<Void> start = net.start(ida).toCompletableFuture();
    verify(a, timeout(1000)).setLink(eq(idb), any());

    join(net.setLink(ida, idb, null));
    when(a.setLink(any(), any())).thenReturn(CompletableFuture.completedFuture(null));
    pushed.complete(null);
    join(start);

    assertEquals(Link.NONE, net.link(ida, idb));
    verify(a).setLink(idb, null);
  }

  @Test
  void aLoadWhoseStartNeverAnswersFailsAtItsTimeoutAndLeavesNothing() throws Exception {
    NetworkSnapshot saved;
    try (Network src =
        new Network(new FakeAdapter(), NetworkConfig.DEFAULT.withDefaultService("pingpong"))) {
      src.create(NodeConfig.builder().id(A).name("n1").privateKey("01".repeat(32)).build());
      join(src.startAll());
      saved = join(src.snapshot());
    }
    Node hung = node(A, new CompletableFuture<>());
    when(hung.start(any())).thenReturn(new CompletableFuture<>()); // never answers
    when(adapter.newNode(any())).thenReturn(hung);

    CompletableFuture<Void> load = net.load(saved, Duration.ofMillis(300)).toCompletableFuture();

    NetworkException e = failure(load.orTimeout(5, TimeUnit.SECONDS));
    assertEquals(
        "cannot load the snapshot: timed out after 300 ms waiting for the nodes to start: n1",
        e.getMessage());
    assertTrue(net.nodes().isEmpty());
    verify(hung).stop();
  }

  @Test
  void aFailedLoadPutsTheDefaultLinkBack() {
    FakeAdapter failing = new FakeAdapter();
    failing.failStart.add("n2");
    try (Network src =
            new Network(new FakeAdapter(), NetworkConfig.DEFAULT.withDefaultService("pingpong"));
        Network again =
            new Network(failing, NetworkConfig.DEFAULT.withDefaultService("pingpong"))) {
      src.create(NodeConfig.builder().name("n1").build());
      src.create(NodeConfig.builder().name("n2").build());
      join(src.startAll());
      join(src.setDefaultLink(Link.of(Duration.ofMillis(50), Duration.ZERO, 0)));
      NetworkSnapshot saved = join(src.snapshot());

      failure(again.load(saved, Duration.ofSeconds(5)));

      assertEquals(List.of(), again.nodes());
      assertEquals(Link.NONE, again.defaultLink());
    }
  }

  @Test
  void afterAShutdownSubscriptionsEndAtOnceAndWaitsFail() {
    net.shutdown(Duration.ofSeconds(1));

    EventSubscription s = net.subscribe(e -> {});
    join(s.ended().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS));
    NetworkException e = failure(net.awaitEvent(x -> true, Duration.ofSeconds(10)));
    assertEquals("the network shut down before the event came", e.getMessage());
  }

  @Test
  void startStopKeepsThePaceOfItsInterval() throws Exception {
    try (Network n =
        new Network(new FakeAdapter(), NetworkConfig.DEFAULT.withDefaultService("pingpong"))) {
      List<Long> stops = new ArrayList<>();
      n.subscribe(
          e -> {
            if (e.type() == Event.Type.NODE && e.control() && !e.node().up()) {
              synchronized (stops) {
                stops.add(System.nanoTime()); // the first 3 are the creates
              }
            }
          });
      Mockers.Running running =
          new Mockers()
              .register(Mockers.startStop(Duration.ofMillis(300), Duration.ofMillis(200)))
              .start("startStop", n, 3, 1);
      Thread.sleep(2600);
      running.stop(Duration.ofSeconds(5));
      List<Long> gaps = new ArrayList<>();
      synchronized (stops) {
        for (int i = 4; i < stops.size(); i++) {
          gaps.add((stops.get(i) - stops.get(i - 1)) / 1_000_000);
        }
      }
      gaps.sort(null);
      assertTrue(gaps.size() >= 4, "stops 300 ms apart in 2.6 s: " + gaps);
      // Every 300 ms, not every 300 ms + 200 ms down + the restart.
      long median = gaps.get(gaps.size() / 2);
      assertTrue(median >= 250 && median < 400, "median gap " + median + " ms of " + gaps);
    }
  }
}
