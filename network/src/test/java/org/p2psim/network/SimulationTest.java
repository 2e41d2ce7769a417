package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.network.NetworkTest.join;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

class SimulationTest {
  private final FakeAdapter adapter = new FakeAdapter();
  private final Network net =
      new Network(adapter, NetworkConfig.DEFAULT.withDefaultService("pingpong"));
  private final Simulation sim = new Simulation(net);
  private final List<NodeId> ids = new ArrayList<>();

  @BeforeEach
  void threeNodes() {
    for (int i = 0; i < 3; i++) {
      ids.add(net.create(NodeConfig.builder().build()).id());
    }
    join(net.startAll());
  }

  @AfterEach
  void shutdown() {
    net.close();
  }

  private static CompletableFuture<Boolean> verdict(boolean pass) {
    return CompletableFuture.completedFuture(pass);
  }

  @Test
  void aStepPassesWhenEveryNodePassesAndKeepsTheEventsItSaw() {
    StepResult r =
        join(
            sim.run(
                new Step(
                    n -> n.connectRing(ids),
                    Trigger.onNodeEvents(),
                    ids,
                    id -> verdict(net.peerCount(id) == 2),
                    Duration.ofSeconds(5))));
    assertNull(r.error());
    assertTrue(r.passed());
    assertEquals(ids.size(), r.passes().size());
    for (NodeId id : ids) {
      assertFalse(r.passes().get(id).isBefore(r.startedAt()));
      assertFalse(r.passes().get(id).isAfter(r.finishedAt()));
    }
    assertEquals(
        6, r.events().stream().filter(e -> e.type() == Event.Type.CONN).count(), "" + r.events());
  }

  @Test
  void aStepThatTimesOutNamesTheNodesThatDidNotPass() {
    StepResult r =
        join(
            sim.run(
                new Step(
                    n -> n.connectChain(ids),
                    Trigger.every(Duration.ofMillis(20)),
                    ids,
                    id -> verdict(net.peerCount(id) == 2),
                    Duration.ofMillis(300))));
    assertEquals(
        "step timed out after 300 ms: 2 of 3 nodes had not passed: node01, node03", r.error());
    assertEquals(Map.of(ids.get(1), r.passes().get(ids.get(1))), r.passes());
  }

  @Test
  void aFailedActionFailsTheStep() {
    StepResult r =
        join(
            sim.run(
                new Step(
                    n -> n.connect(ids.get(0), ids.get(0)),
                    Trigger.onNodeEvents(),
                    ids,
                    id -> verdict(true),
                    Duration.ofSeconds(5))));
    assertEquals("the action failed: refusing to connect to self " + ids.get(0).hex(), r.error());
    assertTrue(r.passes().isEmpty());
  }

  @Test
  void aCheckThatThrowsFailsTheStepNamingTheNode() {
    StepResult r =
        join(
            sim.run(
                new Step(
                    n -> CompletableFuture.completedFuture(null),
                    Trigger.every(Duration.ofMillis(10)),
                    List.of(ids.get(2)),
                    id -> {
                      throw new IllegalStateException("rpc down");
                    },
                    Duration.ofSeconds(5))));
    assertEquals("the check of node03 failed: rpc down", r.error());
  }

  @Test
  void aNodesCheckNeverRunsTwiceAtOnceAndATriggerMeanwhileRunsItAgain() {
    Map<NodeId, AtomicInteger> running = new ConcurrentHashMap<>();
    AtomicInteger worst = new AtomicInteger();
    AtomicInteger checks = new AtomicInteger();
    StepResult r =
        join(
            sim.run(
                new Step(
                    n -> CompletableFuture.completedFuture(null),
                    Trigger.every(Duration.ofMillis(1)),
                    ids,
                    id ->
                        CompletableFuture.supplyAsync(
                            () -> {
                              int now =
                                  running
                                      .computeIfAbsent(id, k -> new AtomicInteger())
                                      .incrementAndGet();
                              worst.accumulateAndGet(now, Math::max);
                              try {
                                Thread.sleep(5);
                              } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                              }
                              running.get(id).decrementAndGet();
                              return checks.incrementAndGet() > 30;
                            }),
                    Duration.ofSeconds(10))));
    assertNull(r.error());
    assertEquals(1, worst.get());
    assertTrue(checks.get() > 30);
  }

  @Test
  void aStepWithNoNodesPassesOnceItsActionIsDone() {
    StepResult r =
        join(
            sim.run(
                new Step(
                    n -> n.connect(ids.get(0), ids.get(1)),
                    Trigger.onNodeEvents(),
                    List.of(),
                    id -> verdict(false),
                    Duration.ofSeconds(5))));
    assertNull(r.error());
  }
}
