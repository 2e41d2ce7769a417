package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.api.Node;
import org.p2psim.api.NodeConfig;

/** The Java example of README.md, kept here so that it always compiles and runs. */
class ReadmeExampleIT {
  @Test
  void theReadmeExampleRuns() throws Exception {
    // --- README example starts ---
    Path sim = Files.createTempDirectory("p2psim-"); // the nodes' directories go here
    try (ExecAdapter adapter = ExecAdapter.builder(sim).echoLogs(false).build()) {
      List<Node> nodes = new ArrayList<>();
      for (String name : List.of("alice", "bob", "carol")) {
        NodeConfig config =
            NodeConfig.builder().name(name).services("pingpong").property("interval", 200).build();
        Node node = adapter.newNode(config); // a child JVM, not started yet
        node.start(Map.of()).toCompletableFuture().join();
        nodes.add(node);
      }
      // alice - bob - carol: admin_addPeer, as with go-ethereum
      for (int i = 0; i + 1 < nodes.size(); i++) {
        nodes
            .get(i)
            .client()
            .call("admin_addPeer", Boolean.class, nodes.get(i + 1).addr())
            .toCompletableFuture()
            .join();
      }
      Node bob = nodes.get(1);
      Map<?, ?> total = Map.of("pongs", 0);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (((Number) total.get("pongs")).longValue() == 0 && System.nanoTime() < end) {
        Thread.sleep(100); // until bob has had a pong, 30 s at most
        Map<?, ?> counts =
            bob.client().call("pingpong_counts", Map.class).toCompletableFuture().join();
        total = (Map<?, ?>) counts.get("total");
      }
      System.out.println("bob's pingpong counts: " + total);
      Map<String, byte[]> saved = bob.snapshots().toCompletableFuture().join(); // per service
      for (Node node : nodes) {
        node.stop().toCompletableFuture().join(); // SIGTERM: peers hear "client quitting"
      }
      bob.start(saved).toCompletableFuture().join(); // back, with its counts restored
      // --- README example ends ---
      assertTrue(((Number) total.get("pongs")).longValue() > 0, total.toString());
      assertTrue(saved.containsKey("pingpong"), saved.keySet().toString());
      Map<?, ?> restored =
          bob.client().call("pingpong_counts", Map.class).toCompletableFuture().join();
      assertTrue(
          ((Number) ((Map<?, ?>) restored.get("total")).get("pongs")).longValue()
              >= ((Number) total.get("pongs")).longValue(),
          restored.toString());
    } finally {
      try (Stream<Path> walk = Files.walk(sim)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
