package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.network.Simulation;
import org.p2psim.network.Step;
import org.p2psim.network.StepResult;
import org.p2psim.network.Trigger;
import org.p2psim.snapshot.SnapshotReader;

/** The README's simulation example, kept here so that it always compiles and passes. */
class ReadmeNetworkIT {
  @TempDir Path dir;

  @Test
  void twelveGossipNodesInARingWithChords() throws Exception {
    Path sim = dir;
    // README: begin
    try (ExecAdapter adapter = ExecAdapter.builder(sim.resolve("nodes")).build();
        Network net = new Network(adapter, NetworkConfig.DEFAULT.withDefaultService("gossip"))) {
      List<NodeId> ids = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ids.add(net.create(NodeConfig.builder().build()).id()); // node01 … node12, fresh keys
      }
      net.startAll().toCompletableFuture().join();
      net.connectRing(ids).toCompletableFuture().join(); // returns once every conn is up
      Random seeded = new Random(7);
      for (NodeId id : ids) {
        net.connectToRandom(id, seeded).toCompletableFuture().join(); // chords, repeatable
      }
      net.awaitPeers(2, Duration.ofSeconds(10)).toCompletableFuture().join();

      Simulation simulation = new Simulation(net);
      StepResult result =
          simulation
              .run(
                  new Step(
                      n ->
                          n.adapterNode(ids.get(0))
                              .client()
                              .call("gossip_publish", String.class, "hello"),
                      Trigger.every(Duration.ofMillis(100)),
                      ids, // every node must see it…
                      id ->
                          net.adapterNode(id)
                              .client()
                              .call("gossip_seenCount", Integer.class)
                              .thenApply(seen -> seen >= 1),
                      Duration.ofSeconds(5))) // …within 5 s
              .toCompletableFuture()
              .join();
      System.out.println(result.passed() ? "all 12 saw it" : result.error());

      String saved = SnapshotReader.write(net.snapshot().toCompletableFuture().join());
      Files.writeString(sim.resolve("twelve.json"), saved); // reload it tomorrow:
      net.reset().toCompletableFuture().join();
      net.load(
              new SnapshotReader(Set.of("gossip"))
                  .read(Files.readString(sim.resolve("twelve.json"))),
              Duration.ofSeconds(60))
          .toCompletableFuture()
          .join();
      // README: end
      assertNull(result.error());
      assertEquals(12, result.passes().size());
      assertEquals(12, net.upNodes().size());
      for (NodeId id : ids) {
        assertEquals(
            1,
            (int)
                net.adapterNode(id)
                    .client()
                    .call("gossip_seenCount", Integer.class)
                    .toCompletableFuture()
                    .join());
      }
    }
  }
}
