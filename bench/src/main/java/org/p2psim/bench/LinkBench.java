package org.p2psim.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psim.api.Link;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.p2p.InMemoryNetwork;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.P2pConfig;
import org.p2psim.p2p.P2pServer;

/**
 * How closely links keep their conditions: two RLPx nodes over an in-memory pipe, the round trip
 * that a latency on both ends adds, the payload rate a bandwidth lets through, and order under
 * jitter.
 */
final class LinkBench {
  private final boolean quick;

  LinkBench(boolean quick) {
    this.quick = quick;
  }

  /** Code 0 is echoed as code 1; code 1 arrivals are timed; code 2 arrivals are counted. */
  private static final class Echo {
    final List<Peer> peers = new CopyOnWriteArrayList<>();
    final BlockingQueue<Long> echoes = new ArrayBlockingQueue<>(16);
    final AtomicLong bulkBytes = new AtomicLong();
    final List<Long> order = new CopyOnWriteArrayList<>();
    volatile long lastBulk;

    Protocol protocol() {
      return Protocol.of(
          "echo",
          1,
          3,
          peer -> {
            peers.add(peer);
            return new PeerHandler() {
              @Override
              public void onMessage(int code, byte[] payload) {
                switch (code) {
                  case 0 -> peer.send(1, payload);
                  case 1 -> echoes.add(System.nanoTime());
                  default -> {
                    bulkBytes.addAndGet(payload.length);
                    order.add(Rlp.decode(payload).get(0).asLong());
                    lastBulk = System.nanoTime();
                  }
                }
              }
            };
          });
    }
  }

  void run(Table table) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      InMemoryNetwork net = InMemoryNetwork.create();
      Echo ea = new Echo();
      Echo eb = new Echo();
      P2pServer a = start(vertx, net, ea);
      P2pServer b = start(vertx, net, eb);
      a.connect(b.enode()).toCompletableFuture().get(10, TimeUnit.SECONDS);
      while (ea.peers.isEmpty() || eb.peers.isEmpty()) {
        Thread.sleep(5);
      }
      roundTrips(a, b, ea, table);
      for (long bandwidth : new long[] {1_000_000, 10_000_000}) {
        rate(a, b, ea, eb, bandwidth, table);
      }
      order(a, b, ea, eb, table);
      a.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
      b.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static P2pServer start(Vertx vertx, InMemoryNetwork net, Echo echo) throws Exception {
    P2pServer s =
        new P2pServer(
            vertx,
            P2pConfig.builder(NodeKey.generate()).network(net).protocol(echo.protocol()).build());
    s.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return s;
  }

  private static void both(P2pServer a, P2pServer b, Link link) throws Exception {
    a.setLink(b.id(), link).toCompletableFuture().get(5, TimeUnit.SECONDS);
    b.setLink(a.id(), link).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private double medianRoundTripMillis(Echo from, int n) throws Exception {
    List<Long> trips = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long sent = System.nanoTime();
      from.peers.get(0).send(0, Rlp.encodeString("ping"));
      Long back = from.echoes.poll(10, TimeUnit.SECONDS);
      if (back == null) {
        throw new IllegalStateException("no echo within 10 s");
      }
      trips.add(back - sent);
    }
    trips.sort(null);
    return trips.get(n / 2) / 1e6;
  }

  private void roundTrips(P2pServer a, P2pServer b, Echo ea, Table table) throws Exception {
    int n = quick ? 21 : 101;
    medianRoundTripMillis(ea, n); // warm up
    double plain = medianRoundTripMillis(ea, n);
    both(a, b, Link.NONE.withLatency(Duration.ofMillis(50)));
    double slow = medianRoundTripMillis(ea, n);
    both(a, b, null);
    table.add(
        "Link of 50 ms on both ends: round trip added",
        String.format("%.1f ms", slow - plain),
        String.format("median of %d: %.2f ms without the link, %.1f ms with it", n, plain, slow));
  }

  private void rate(P2pServer a, P2pServer b, Echo ea, Echo eb, long bandwidth, Table table)
      throws Exception {
    a.setLink(b.id(), Link.NONE.withBandwidth(bandwidth)).toCompletableFuture().get();
    double seconds = quick ? 1 : 3;
    int size = 1024;
    int messages = (int) (bandwidth / 8 * seconds / size);
    byte[] filler = new byte[size];
    new Random(1).nextBytes(filler); // random, so that snappy cannot shrink it
    long before = eb.bulkBytes.get();
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      ea.peers.get(0).send(2, Rlp.encodeList(Rlp.encodeLong(i), Rlp.encodeBytes(filler)));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (eb.order.size() < messages && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    double took = (eb.lastBulk - start) / 1e9;
    double mbits = (eb.bulkBytes.get() - before) * 8 / took / 1e6;
    eb.order.clear();
    a.setLink(b.id(), null).toCompletableFuture().get();
    table.add(
        String.format("Link of %d Mbit/s: message payload carried", bandwidth / 1_000_000),
        String.format("%.3f Mbit/s", mbits),
        String.format(
            "%d messages of %d B in %.2f s; RLPx frames add the rest", messages, size, took));
  }

  private void order(P2pServer a, P2pServer b, Echo ea, Echo eb, Table table) throws Exception {
    a.setLink(b.id(), Link.of(Duration.ofMillis(20), Duration.ofMillis(10), 0))
        .toCompletableFuture()
        .get();
    int messages = quick ? 2_000 : 20_000;
    for (int i = 0; i < messages; i++) {
      ea.peers.get(0).send(2, Rlp.encodeList(Rlp.encodeLong(i)));
      if (i % 100 == 0) {
        Thread.sleep(1); // spread the sends over many jitter draws
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (eb.order.size() < messages && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    int outOfOrder = 0;
    List<Long> got = List.copyOf(eb.order);
    for (int i = 1; i < got.size(); i++) {
      if (got.get(i) < got.get(i - 1)) {
        outOfOrder++;
      }
    }
    eb.order.clear();
    table.add(
        "Link of 20 ms ± 10 ms jitter: messages out of order",
        String.valueOf(outOfOrder),
        String.format("%d of %d messages arrived", got.size(), messages));
  }
}
