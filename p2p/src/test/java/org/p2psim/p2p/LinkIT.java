package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.Link;
import org.p2psim.api.Partition;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;

/**
 * Link conditions and partitions between servers over loopback TCP; {@link PipeLinkIT} runs the
 * same tests over in-memory pipes, with and without encryption. Timings are measured against the
 * same servers without conditions, so a slow machine shifts both.
 */
class LinkIT {
  @RegisterExtension final TestNet net = newNet();

  TestNet newNet() {
    return new TestNet();
  }

  /**
   * Code 0 is answered with code 1 carrying the same payload; code 1 and code 2 are recorded with
   * the time they arrived.
   */
  static final class Echo {
    final List<Peer> peers = new CopyOnWriteArrayList<>();
    final BlockingQueue<Long> replies = new ArrayBlockingQueue<>(1024);
    final List<Integer> seqs = new CopyOnWriteArrayList<>();
    volatile long lastArrival;

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
                long now = System.nanoTime();
                switch (code) {
                  case 0 -> peer.send(1, payload);
                  case 1 -> replies.add(now);
                  default -> {
                    seqs.add((int) Rlp.decode(payload).get(0).asLong());
                    lastArrival = now;
                  }
                }
              }
            };
          });
    }

    /** Sends a ping and waits for its echo; returns the round trip. */
    Duration roundTrip() throws InterruptedException {
      long sent = System.nanoTime();
      peers.get(0).send(0, Rlp.encodeString("ping"));
      Long back = replies.poll(10, TimeUnit.SECONDS);
      if (back == null) {
        throw new AssertionError("no echo within 10 s");
      }
      return Duration.ofNanos(back - sent);
    }

    /** The median of {@code n} round trips. */
    Duration medianRoundTrip(int n) throws InterruptedException {
      List<Duration> trips = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        trips.add(roundTrip());
      }
      trips.sort(null);
      return trips.get(n / 2);
    }
  }

  private record Pair(P2pServer a, P2pServer b, Echo ea, Echo eb) {}

  private Pair connectedPair() {
    Echo ea = new Echo();
    Echo eb = new Echo();
    P2pServer a = net.start(c -> c.protocol(ea.protocol()));
    P2pServer b = net.start(c -> c.protocol(eb.protocol()));
    TestNet.join(a.connect(b.enode()));
    TestNet.await(
        "both ends up", Duration.ofSeconds(5), () -> ea.peers.size() == 1 && eb.peers.size() == 1);
    return new Pair(a, b, ea, eb);
  }

  @Test
  void fiftyMillisecondsOnBothEndsAddAboutAHundredToARoundTrip() throws Exception {
    Pair p = connectedPair();
    p.ea.medianRoundTrip(5); // warm up
    Duration plain = p.ea.medianRoundTrip(9);
    Link fifty = Link.NONE.withLatency(Duration.ofMillis(50));
    TestNet.join(p.a.setLink(p.b.id(), fifty));
    TestNet.join(p.b.setLink(p.a.id(), fifty));
    Duration slow = p.ea.medianRoundTrip(9);
    long added = slow.minus(plain).toMillis();
    assertTrue(added >= 98 && added <= 130, "round trip " + plain + " became " + slow);

    TestNet.join(p.a.setLink(p.b.id(), null));
    TestNet.join(p.b.setLink(p.a.id(), null));
    Duration back = p.ea.medianRoundTrip(9);
    assertTrue(back.toMillis() < 50, "cleared links still delay: " + back);
  }

  @Test
  void theDefaultLinkShapesPeersWithoutOneOfTheirOwn() throws Exception {
    Pair p = connectedPair();
    TestNet.join(p.a.setDefaultLink(Link.NONE.withLatency(Duration.ofMillis(80))));
    assertEquals(Duration.ofMillis(80), p.a.linkTo(p.b.id()).latency());
    assertTrue(p.ea.medianRoundTrip(5).toMillis() >= 80);
    TestNet.join(p.a.setLink(p.b.id(), Link.NONE));
    assertTrue(p.ea.medianRoundTrip(5).toMillis() < 80, "a peer's own link beats the default");
  }

  @Test
  void aOneMegabitLinkCarriesAboutOneMegabitPerSecond() throws Exception {
    Pair p = connectedPair();
    TestNet.join(p.a.setLink(p.b.id(), Link.NONE.withBandwidth(1_000_000)));
    byte[] filler = new byte[1024];
    new Random(1).nextBytes(filler); // random, so that snappy cannot shrink it
    int messages = 120; // 120 KiB: about a second at 1 Mbit/s
    long start = System.nanoTime();
    for (int i = 0; i < messages; i++) {
      p.ea.peers.get(0).send(2, Rlp.encodeList(Rlp.encodeLong(i), Rlp.encodeBytes(filler)));
    }
    TestNet.await("all messages", Duration.ofSeconds(10), () -> p.eb.seqs.size() == messages);
    double seconds = (p.eb.lastArrival - start) / 1e9;
    double mbits = messages * 1024 * 8 / seconds / 1e6;
    // Payload only: RLPx frames add some 3-6 % on top, so the payload rate is a little under 1.
    assertTrue(mbits > 0.85 && mbits < 1.0, mbits + " Mbit/s of payload in " + seconds + " s");
  }

  @Test
  void jitterNeverReordersALink() {
    Pair p = connectedPair();
    TestNet.join(p.a.setLink(p.b.id(), Link.of(Duration.ofMillis(20), Duration.ofMillis(15), 0)));
    for (int i = 0; i < 200; i++) {
      p.ea.peers.get(0).send(2, Rlp.encodeList(Rlp.encodeLong(i)));
      if (i % 20 == 0) {
        sleep(3); // spread the sends over several jitter draws and timer turns
      }
    }
    TestNet.await("200 messages", Duration.ofSeconds(10), () -> p.eb.seqs.size() == 200);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      expected.add(i);
    }
    assertEquals(expected, p.eb.seqs);
  }

  @Test
  void aPartitionDropsLinksAcrossItAndFailsDialsUntilHealed() {
    Echo ea = new Echo();
    Echo eb = new Echo();
    Echo ec = new Echo();
    P2pServer a = net.start(c -> c.protocol(ea.protocol()));
    P2pServer b = net.start(c -> c.protocol(eb.protocol()));
    P2pServer c = net.start(x -> x.protocol(ec.protocol()));
    TestNet.join(a.connect(b.enode()));
    TestNet.join(b.connect(c.enode()));
    List<PeerEvent> bEvents = TestNet.record(b);

    Partition cut = Partition.of(List.of(List.of(a.id())));
    for (P2pServer s : List.of(a, b, c)) {
      TestNet.join(s.setPartition(cut));
    }
    TestNet.await("a cut off", Duration.ofSeconds(5), () -> a.peerCount() == 0);
    assertEquals(List.of(c.id()), List.copyOf(b.peerIds()));
    PeerEvent drop =
        bEvents.stream().filter(e -> e.type() == PeerEvent.Type.DROP).findFirst().orElseThrow();
    assertEquals(a.id(), drop.peer());

    P2pException refused =
        assertThrows(P2pException.class, () -> TestNet.join(a.connect(b.enode())));
    assertTrue(refused.getMessage().contains("partition"), refused.getMessage());
    assertThrows(P2pException.class, () -> TestNet.join(c.connect(a.enode())));

    TestNet.join(a.setPartition(Partition.NONE)); // a no longer knows; b still refuses it
    assertThrows(P2pException.class, () -> TestNet.join(a.connect(b.enode())));
    assertEquals(1, b.peerCount());

    for (P2pServer s : List.of(b, c)) {
      TestNet.join(s.setPartition(Partition.NONE));
    }
    TestNet.join(a.connect(b.enode()));
    TestNet.join(c.connect(a.enode()));
    TestNet.await("a back with both", Duration.ofSeconds(5), () -> a.peerCount() == 2);
  }

  @Test
  void aLinkThatCannotCarryWhatIsSentIsDropped() {
    Pair p = connectedPair();
    TestNet.join(p.a.setLink(p.b.id(), Link.NONE.withBandwidth(8_000)));
    byte[] mib = new byte[1 << 20];
    new Random(2).nextBytes(mib);
    List<PeerEvent> events = TestNet.record(p.a);
    for (int i = 0; i < 40; i++) {
      p.ea.peers.get(0).send(2, Rlp.encodeList(Rlp.encodeLong(i), Rlp.encodeBytes(mib)));
    }
    TestNet.await(
        "a drops b",
        Duration.ofSeconds(10),
        () -> events.stream().anyMatch(e -> e.type() == PeerEvent.Type.DROP));
    PeerEvent drop =
        events.stream().filter(e -> e.type() == PeerEvent.Type.DROP).findFirst().orElseThrow();
    assertTrue(drop.error().contains("cannot carry"), drop.error());
  }

  @Test
  void stoppingANodeDoesNotWaitForWhatItsSlowLinksHold() throws Exception {
    Pair p = connectedPair();
    TestNet.join(p.a.setLink(p.b.id(), Link.NONE.withBandwidth(8_000)));
    byte[] kib = new byte[1024];
    new Random(3).nextBytes(kib);
    for (int i = 0; i < 100; i++) { // 100 KiB: 100 s at 8 kbit/s
      p.ea.peers.get(0).send(2, Rlp.encodeList(Rlp.encodeLong(i), Rlp.encodeBytes(kib)));
    }
    long start = System.nanoTime();
    p.a.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    long took = (System.nanoTime() - start) / 1_000_000;
    assertTrue(took < 4_000, "stop took " + took + " ms");
    TestNet.await("b sees a go", Duration.ofSeconds(5), () -> p.b.peerCount() == 0);
  }

  @Test
  void aDisconnectALinkHoldsLongerThanTheCloseGraceStillArrives() {
    Pair p = connectedPair();
    List<PeerEvent> bEvents = TestNet.record(p.b);
    TestNet.join(p.a.setLink(p.b.id(), Link.NONE.withLatency(Duration.ofMillis(2500))));
    assertTrue(TestNet.join(p.a.disconnect(p.b.id())));
    TestNet.await(
        "b's drop",
        Duration.ofSeconds(10),
        () -> P2pServerIT.count(bEvents, PeerEvent.Type.DROP) == 1);
    PeerEvent drop =
        bEvents.stream().filter(e -> e.type() == PeerEvent.Type.DROP).findFirst().orElseThrow();
    assertEquals("disconnect requested", drop.error());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
