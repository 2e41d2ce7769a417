package org.p2psim.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceContext;
import org.p2psim.api.spi.ServiceFactory;
import org.p2psim.nodehost.NodeStack;
import org.p2psim.nodehost.NodeStackConfig;
import org.p2psim.nodehost.PeerAddrDialer;
import org.p2psim.nodehost.ServiceRegistry;
import org.p2psim.rpc.WebSocketRpcClient;

/**
 * Peer-event notifications per second: two nodes in this JVM, one flooding the other with small
 * messages; the receiver has message events on, and a WebSocket client subscribed to its {@code
 * admin_subscribe("peerEvents")} counts the {@code msgrecv} notifications it gets.
 */
final class PeerEventBench {
  private final boolean quick;

  PeerEventBench(boolean quick) {
    this.quick = quick;
  }

  /** A service whose sender sends {@code burst} small messages to each peer every millisecond. */
  static final class Flood implements ServiceFactory {
    @Override
    public String name() {
      return "flood";
    }

    @Override
    public Service create(ServiceContext ctx) {
      boolean sender = "sender".equals(ctx.config().property("role").orElse(""));
      long burst = ctx.config().longProperty("burst", 50);
      byte[] payload = {(byte) 0x83, 1, 2, 3};
      List<Peer> peers = new java.util.ArrayList<>();
      Protocol p =
          Protocol.of(
              "flood",
              1,
              1,
              peer -> {
                peers.add(peer);
                return new PeerHandler() {
                  @Override
                  public void onMessage(int code, byte[] body) {}

                  @Override
                  public void onDisconnect(org.p2psim.api.DisconnectReason reason) {
                    peers.remove(peer);
                  }
                };
              });
      return new Service() {
        @Override
        public List<Protocol> protocols() {
          return List.of(p);
        }

        @Override
        public void start() {
          if (sender) {
            ctx.scheduler()
                .schedulePeriodic(
                    Duration.ofMillis(1),
                    () -> {
                      for (Peer peer : peers) {
                        for (int i = 0; i < burst; i++) {
                          peer.send(0, payload);
                        }
                      }
                    });
          }
        }
      };
    }
  }

  void run(Table table) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Path dir = Files.createTempDirectory("p2psim-bench-events-");
    ServiceRegistry registry = ServiceRegistry.of(List.of(new Flood()));
    NodeStack receiver =
        stack(
            vertx,
            registry,
            dir.resolve("r"),
            NodeConfig.builder().services("flood").enableMsgEvents(true));
    NodeStack sender =
        stack(
            vertx,
            registry,
            dir.resolve("s"),
            NodeConfig.builder().services("flood").property("role", "sender"));
    WebSocketRpcClient client = null;
    try {
      receiver.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      sender.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
      client = WebSocketRpcClient.connect(vertx, receiver.wsUrl()).toCompletableFuture().get();
      sender.p2p().connect(receiver.enode()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      // Warm-up with a first subscription (a cold JVM may fall behind and lose it), then measure
      // on a fresh one.
      var warm =
          client
              .subscribe("admin", Map.class, e -> {}, "peerEvents")
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      Thread.sleep(quick ? 3000 : 6000);
      warm.unsubscribe().toCompletableFuture().exceptionally(e -> null).get(10, TimeUnit.SECONDS);
      AtomicLong events = new AtomicLong();
      var subscription =
          client
              .subscribe("admin", Map.class, e -> events.incrementAndGet(), "peerEvents")
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      Thread.sleep(500);
      long e0 = events.get();
      long t0 = System.nanoTime();
      Thread.sleep(Duration.ofSeconds(quick ? 2 : 5).toMillis());
      double secs = (System.nanoTime() - t0) / 1e9;
      // A subscriber that cannot keep up loses its subscription (by design): say so if it did.
      boolean dropped = subscription.closed().toCompletableFuture().isDone();
      table.add(
          "peer-event notifications over WebSocket (admin peerEvents)",
          String.format("%.0f /s", (events.get() - e0) / secs),
          "msgrecv events, a peer sending bursts of 50 messages each millisecond, to one subscriber"
              + (dropped ? "; DROPPED: the subscriber fell behind" : ""));
    } finally {
      if (client != null) {
        client.close();
      }
      sender.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      receiver.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      try (var walk = Files.walk(dir)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static NodeStack stack(
      Vertx vertx, ServiceRegistry registry, Path dir, NodeConfig.Builder config) {
    NodeConfig node = NodeStack.withKey(config.build());
    return NodeStack.create(
        vertx, NodeStackConfig.of(node, dir), registry, new PeerAddrDialer(vertx, Map.of()));
  }
}
