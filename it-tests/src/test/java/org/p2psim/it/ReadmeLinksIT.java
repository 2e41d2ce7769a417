package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.inproc.InProcAdapter;
import org.p2psim.api.Link;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.testkit.Await;

/** The README's link-conditions example, kept here so that it always compiles and passes. */
class ReadmeLinksIT {
  @TempDir Path dir;

  private static int seen(Network net, NodeId id) {
    return net.adapterNode(id)
        .client()
        .call("gossip_seenCount", Integer.class)
        .toCompletableFuture()
        .join();
  }

  @Test
  void sixGossipNodesOverSlowLinksCutInTwoAndHealed() throws Exception {
    List<Integer> seenWhileCut = new ArrayList<>();
    // README: begin
    try (InProcAdapter adapter = InProcAdapter.builder(dir).build();
        Network net = new Network(adapter, NetworkConfig.DEFAULT.withDefaultService("gossip"))) {
      List<NodeId> ids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ids.add(net.create(NodeConfig.builder().build()).id());
      }
      net.startAll().toCompletableFuture().join();
      // Every link: 20 ms ± 5 ms each way, set before the dials so that handshakes feel it too.
      Link wan = Link.NONE.withLatency(Duration.ofMillis(20)).withJitter(Duration.ofMillis(5));
      net.setDefaultLink(wan).toCompletableFuture().join();
      net.connectRing(ids).toCompletableFuture().join();
      // One link slower still, changed while it is up: 1 Mbit/s and 80 ms each way.
      Link slow = Link.NONE.withLatency(Duration.ofMillis(80)).withBandwidth(1_000_000);
      net.setLink(ids.get(0), ids.get(1), slow).toCompletableFuture().join();

      // Cut node01-03 off from node04-06: the two links across drop, dials across fail.
      net.partition(List.of(ids.subList(0, 3))).toCompletableFuture().join();
      net.adapterNode(ids.get(0)).client().call("gossip_publish", String.class, "cut");
      Thread.sleep(500);
      ids.forEach(id -> seenWhileCut.add(seen(net, id))); // 1, 1, 1, 0, 0, 0

      net.heal().toCompletableFuture().join(); // and the links the cut took come back
      net.adapterNode(ids.get(3)).client().call("gossip_publish", String.class, "healed");
      // README: end
      Await.until(
          "every node saw the message sent after healing",
          Duration.ofSeconds(10),
          () -> ids.stream().allMatch(id -> seen(net, id) >= 1));
      Await.until(
          "node01-03 have both messages, node04-06 the second",
          Duration.ofSeconds(10),
          () -> List.of(2, 2, 2, 1, 1, 1).equals(ids.stream().map(id -> seen(net, id)).toList()));
    }
    assertEquals(List.of(1, 1, 1, 0, 0, 0), seenWhileCut);
  }
}
