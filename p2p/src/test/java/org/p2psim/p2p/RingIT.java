package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.NodeId;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.spi.Protocol;

/** 50 servers in one JVM, connected in a ring, every link passing messages both ways. */
class RingIT {
  private static final int NODES = 50;

  @RegisterExtension final TestNet net = new TestNet();

  @Test
  void fiftyServersInARingAllPassMessages() {
    // received.get(receiver).get(sender) counts the messages that crossed that link.
    Map<NodeId, Map<NodeId, AtomicInteger>> received = new ConcurrentHashMap<>();
    List<P2pServer> servers = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      NodeKey key = NodeKey.generate();
      Map<NodeId, AtomicInteger> mine = new ConcurrentHashMap<>();
      received.put(key.id(), mine);
      Protocol hello =
          Protocol.of(
              "ring",
              1,
              1,
              peer -> {
                // Greet each new peer three times; count what arrives from it.
                for (int n = 0; n < 3; n++) {
                  peer.send(0, Rlp.encodeLong(n));
                }
                return (code, payload) ->
                    mine.computeIfAbsent(peer.id(), id -> new AtomicInteger()).incrementAndGet();
              });
      servers.add(net.start(P2pConfig.builder(key).protocol(hello).build()));
    }
    List<CompletableFuture<PeerInfo>> links = new ArrayList<>();
    for (int i = 0; i < NODES; i++) {
      P2pServer from = servers.get(i);
      P2pServer to = servers.get((i + 1) % NODES);
      links.add(from.connect(to.enode()).toCompletableFuture());
    }
    CompletableFuture.allOf(links.toArray(CompletableFuture[]::new)).join();

    TestNet.await(
        "every link to carry 3 messages each way",
        Duration.ofSeconds(30),
        () -> {
          for (int i = 0; i < NODES; i++) {
            NodeId self = servers.get(i).id();
            NodeId next = servers.get((i + 1) % NODES).id();
            NodeId prev = servers.get((i + NODES - 1) % NODES).id();
            Map<NodeId, AtomicInteger> got = received.get(self);
            if (count(got, next) < 3 || count(got, prev) < 3) {
              return false;
            }
          }
          return true;
        });
    for (P2pServer s : servers) {
      assertEquals(2, s.peerCount(), "peers of " + s.id().shortHex());
    }
    for (Map<NodeId, AtomicInteger> got : received.values()) {
      assertEquals(2, got.size());
      got.values().forEach(c -> assertEquals(3, c.get()));
    }
  }

  private static int count(Map<NodeId, AtomicInteger> got, NodeId from) {
    AtomicInteger c = got.get(from);
    return c == null ? 0 : c.get();
  }
}
