package org.p2psim.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psim.api.NodeId;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.P2pConfig;
import org.p2psim.p2p.P2pServer;
import org.p2psim.p2p.rlpx.Handshake;
import org.p2psim.p2p.rlpx.Secrets;

/**
 * RLPx: handshakes per second (crypto alone, and full connections over loopback with both ends in
 * this JVM), and framed message throughput on one connection.
 */
final class RlpxBench {
  private final boolean quick;

  RlpxBench(boolean quick) {
    this.quick = quick;
  }

  void run(Table table) throws Exception {
    cryptoHandshakes(table);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      loopbackHandshakes(vertx, table);
      for (int size : new int[] {100, 1024, 64 * 1024}) {
        throughput(vertx, size, table);
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private Duration warmup() {
    return quick ? Duration.ofSeconds(3) : Duration.ofSeconds(6);
  }

  private Duration measure() {
    return quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
  }

  /** Both sides of the handshake in one thread: the cost floor of a connection. */
  private void cryptoHandshakes(Table table) {
    NodeKey a = NodeKey.generate();
    NodeKey b = NodeKey.generate();
    // BouncyCastle's field arithmetic needs a few seconds of JIT before it runs at full speed.
    long end = System.nanoTime() + warmup().toNanos();
    while (System.nanoTime() < end) {
      oneHandshake(a, b);
    }
    int n = 0;
    long start = System.nanoTime();
    end = start + measure().toNanos();
    while (System.nanoTime() < end) {
      oneHandshake(a, b);
      n++;
    }
    double secs = (System.nanoTime() - start) / 1e9;
    table.add(
        "RLPx handshake, crypto only (both sides, 1 thread)",
        String.format("%.0f /s", n / secs),
        String.format("%.2f ms per handshake", 1000 * secs / n));
  }

  private static void oneHandshake(NodeKey a, NodeKey b) {
    Handshake.Initiator init = Handshake.initiator(a, b.publicKey());
    Handshake.Recipient resp = Handshake.recipient(b);
    byte[] ack = resp.readAuth(init.auth());
    Secrets s = init.readAck(ack);
    if (s.aesSecret().length != 32 || resp.secrets().aesSecret().length != 32) {
      throw new AssertionError("bad secrets");
    }
  }

  /**
   * Dialers connect to one listener over and over: TCP connect, RLPx handshake, Hello both ways,
   * then Disconnect. Counts connections that reached "peer added" on both ends.
   */
  private void loopbackHandshakes(Vertx vertx, Table table) throws Exception {
    int dialers = 16;
    Protocol proto = Protocol.of("bench", 1, 1, peer -> (PeerHandler) (c, p) -> {});
    P2pServer listener =
        new P2pServer(
            vertx, P2pConfig.builder(NodeKey.generate()).protocol(proto).maxPeers(1000).build());
    listener.start().toCompletableFuture().get();
    Map<NodeId, CompletableFuture<Void>> dropped = new ConcurrentHashMap<>();
    listener.subscribe(
        e -> {
          if (e.type() == PeerEvent.Type.DROP) {
            CompletableFuture<Void> f = dropped.remove(e.peer());
            if (f != null) {
              f.complete(null);
            }
          }
        });
    List<P2pServer> clients = new ArrayList<>();
    for (int i = 0; i < dialers; i++) {
      P2pServer c =
          new P2pServer(vertx, P2pConfig.builder(NodeKey.generate()).protocol(proto).build());
      c.start().toCompletableFuture().get();
      clients.add(c);
    }
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long[] deadline = {System.nanoTime() + warmup().toNanos()};
    List<CompletableFuture<Void>> loops = new ArrayList<>();
    for (P2pServer c : clients) {
      loops.add(dialLoop(c, listener, dropped, done, failed, deadline));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(); // warm-up
    done.set(0);
    failed.set(0);
    loops.clear();
    long start = System.nanoTime();
    deadline[0] = start + measure().toNanos();
    for (P2pServer c : clients) {
      loops.add(dialLoop(c, listener, dropped, done, failed, deadline));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get();
    double secs = (System.nanoTime() - start) / 1e9;
    table.add(
        "RLPx full handshakes over loopback (both ends in this JVM)",
        String.format("%.0f /s", done.get() / secs),
        String.format(
            "TCP + ECIES + Hello, %d dialers, %d done, %d failed",
            dialers, done.get(), failed.get()));
    for (P2pServer c : clients) {
      c.stop().toCompletableFuture().get();
    }
    listener.stop().toCompletableFuture().get();
  }

  private static CompletableFuture<Void> dialLoop(
      P2pServer client,
      P2pServer listener,
      Map<NodeId, CompletableFuture<Void>> dropped,
      AtomicLong done,
      AtomicLong failed,
      long[] deadline) {
    CompletableFuture<Void> finished = new CompletableFuture<>();
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          if (System.nanoTime() > deadline[0]) {
            finished.complete(null);
            return;
          }
          CompletableFuture<Void> gone = new CompletableFuture<>();
          dropped.put(client.id(), gone);
          client
              .connect(listener.enode())
              .whenComplete(
                  (info, err) -> {
                    if (err != null) {
                      failed.incrementAndGet();
                      dropped.remove(client.id());
                      next[0].run();
                      return;
                    }
                    done.incrementAndGet();
                    client.disconnect(listener.id());
                    gone.orTimeout(5, TimeUnit.SECONDS).whenComplete((v, e) -> next[0].run());
                  });
        };
    next[0].run();
    return finished;
  }

  /** One connection, one sender keeping a window of messages in flight, one counting receiver. */
  private void throughput(Vertx vertx, int size, Table table) throws Exception {
    AtomicLong bytes = new AtomicLong();
    AtomicLong messages = new AtomicLong();
    Protocol sink =
        Protocol.of(
            "bench",
            1,
            1,
            peer ->
                (PeerHandler)
                    (code, payload) -> {
                      bytes.addAndGet(payload.length);
                      messages.incrementAndGet();
                    });
    CompletableFuture<Peer> senderPeer = new CompletableFuture<>();
    Protocol source =
        Protocol.of(
            "bench",
            1,
            1,
            peer -> {
              senderPeer.complete(peer);
              return (code, payload) -> {};
            });
    P2pServer receiver =
        new P2pServer(vertx, P2pConfig.builder(NodeKey.generate()).protocol(sink).build());
    P2pServer sender =
        new P2pServer(vertx, P2pConfig.builder(NodeKey.generate()).protocol(source).build());
    receiver.start().toCompletableFuture().get();
    sender.start().toCompletableFuture().get();
    sender.connect(receiver.enode()).toCompletableFuture().get();
    Peer peer = senderPeer.get(5, TimeUnit.SECONDS);

    byte[] body = new byte[size];
    new Random(42).nextBytes(body); // incompressible: snappy gains nothing, as with real data
    byte[] payload = Rlp.encodeBytes(body);
    int window = Math.max(8, (4 * 1024 * 1024) / payload.length);
    Pump pump = new Pump(peer, payload, window);
    sender.context().runOnContext(v -> pump.fill());

    Thread.sleep(warmup().toMillis());
    long b0 = bytes.get();
    long m0 = messages.get();
    long t0 = System.nanoTime();
    Thread.sleep(measure().toMillis());
    long b1 = bytes.get();
    long m1 = messages.get();
    double secs = (System.nanoTime() - t0) / 1e9;
    pump.stop = true;
    double mbps = (b1 - b0) / secs / 1e6;
    table.add(
        "RLPx messages of " + label(size) + " on one loopback connection",
        String.format("%.1f MB/s", mbps),
        String.format("%.0f msgs/s, snappy on, %d in flight", (m1 - m0) / secs, window));
    sender.stop().toCompletableFuture().get();
    receiver.stop().toCompletableFuture().get();
  }

  private static String label(int size) {
    return size >= 1024 ? (size / 1024) + " KiB" : size + " B";
  }

  /** Keeps {@code window} sends in flight; runs on the sender's context. */
  private static final class Pump {
    private final Peer peer;
    private final byte[] payload;
    private final int window;
    private int inFlight;
    volatile boolean stop;

    Pump(Peer peer, byte[] payload, int window) {
      this.peer = peer;
      this.payload = payload;
      this.window = window;
    }

    void fill() {
      while (!stop && inFlight < window) {
        inFlight++;
        peer.send(0, payload)
            .whenComplete(
                (v, e) -> {
                  inFlight--;
                  if (e != null) {
                    stop = true; // the peer is gone; a send can fail at once, so stop here
                  } else {
                    fill();
                  }
                });
      }
    }
  }
}
