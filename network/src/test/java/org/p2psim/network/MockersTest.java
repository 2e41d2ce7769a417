package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.network.NetworkTest.join;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeId;
import org.p2psim.testkit.Await;

class MockersTest {
  private final Network net =
      new Network(new FakeAdapter(), NetworkConfig.DEFAULT.withDefaultService("pingpong"));
  private Mockers.Running running;

  @AfterEach
  void shutdown() throws InterruptedException {
    if (running != null) {
      assertTrue(running.stop(Duration.ofSeconds(5)), "the mocker did not stop");
    }
    net.close();
  }

  private long upConns() {
    return net.conns().stream().filter(ConnState::up).count();
  }

  @Test
  void theReferencesThreeByName() {
    assertEquals(List.of("boot", "probabilistic", "startStop"), Mockers.defaults().names());
  }

  @Test
  void bootMakesARingOfFreshNodesAndStops() throws Exception {
    running = Mockers.defaults().start("boot", net, 5, 1);
    running.done().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertEquals(5, net.upNodes().size());
    assertEquals(5, upConns());
    join(net.awaitPeers(2, Duration.ofSeconds(1)));
  }

  @Test
  void startStopTakesARandomNodeDownAndBringsItBack() {
    Mockers mockers =
        new Mockers().register(Mockers.startStop(Duration.ofMillis(50), Duration.ofMillis(300)));
    running = mockers.start("startStop", net, 4, 7);
    Event stopped =
        join(
            net.awaitEvent(
                e -> e.type() == Event.Type.NODE && e.control() && !e.node().up(),
                Duration.ofSeconds(10)));
    NodeId id = stopped.node().id();
    join(
        net.awaitEvent(
            e -> e.type() == Event.Type.NODE && e.node().up() && e.node().id().equals(id),
            Duration.ofSeconds(10)));
  }

  @Test
  void probabilisticStopsAndRestartsRangesOfNodes() {
    Mockers mockers =
        new Mockers().register(Mockers.probabilistic(Duration.ofMillis(10), Duration.ofMillis(30)));
    Recorder events = new Recorder(java.util.Map.of());
    net.subscribe(events);
    running = mockers.start("probabilistic", net, 6, 3);
    Await.until(
        "a node stopped and started again",
        Duration.ofSeconds(10),
        () -> {
          List<Event> seen = events.events();
          for (int i = 0; i < seen.size(); i++) {
            Event e = seen.get(i);
            if (e.type() == Event.Type.NODE && e.control() && !e.node().up()) {
              NodeId id = e.node().id();
              for (Event later : seen.subList(i + 1, seen.size())) {
                if (later.type() == Event.Type.NODE
                    && later.node().up()
                    && later.node().id().equals(id)) {
                  return true;
                }
              }
            }
          }
          return false;
        });
  }

  @Test
  void anUnknownMockerListsTheKnownOnes() {
    NetworkException e =
        assertThrows(NetworkException.class, () -> Mockers.defaults().start("chaos", net, 3, 1));
    assertEquals(NetworkException.Kind.BAD_INPUT, e.kind());
    assertEquals(
        "unknown mocker \"chaos\": known mockers are boot, probabilistic, startStop",
        e.getMessage());
  }

  @Test
  void aMockerNeedsANode() {
    NetworkException e =
        assertThrows(NetworkException.class, () -> Mockers.defaults().start("boot", net, 0, 1));
    assertEquals("bad node-count 0: a mocker needs at least 1 node", e.getMessage());
  }

  @Test
  void twoMockersOfOneNameAreRefused() {
    Mockers m = Mockers.defaults();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.register(Mockers.boot()));
    assertTrue(e.getMessage().startsWith("two mockers named \"boot\": "), e.getMessage());
  }

  @Test
  void aUsersOwnMockerRunsByNameUntilStopped() throws Exception {
    Mockers m =
        Mockers.defaults()
            .register(
                Mockers.named(
                    "pairs",
                    ctx -> {
                      List<NodeId> ids = Mocker.ringOfFreshNodes(ctx, Duration.ofSeconds(5));
                      while (ctx.sleep(Duration.ofMillis(5))) {
                        assertEquals(ctx.nodeCount(), ids.size());
                      }
                    }));
    running = m.start("pairs", net, 2, 1);
    Await.until("two nodes up", Duration.ofSeconds(5), () -> net.upNodes().size() == 2);
    assertTrue(running.stop(Duration.ofSeconds(5)));
    running.done().toCompletableFuture().get(1, TimeUnit.SECONDS);
    running = null;
  }
}
