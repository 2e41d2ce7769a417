package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;

/**
 * Two and three servers over real loopback TCP; {@link PipeP2pServerIT} and {@link
 * PlaintextPipeP2pServerIT} run the same tests over in-memory pipes.
 */
class P2pServerIT {
  @RegisterExtension final TestNet net = newNet();

  /** The servers' network: loopback TCP here. */
  TestNet newNet() {
    return new TestNet();
  }

  /** A protocol that records what it receives and remembers each peer. */
  static final class Recorder {
    final List<String> received = Collections.synchronizedList(new ArrayList<>());
    final List<org.p2psim.api.spi.Peer> peers = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean offContext = new AtomicBoolean();
    volatile P2pServer server;

    Protocol protocol(String name, int version) {
      return Protocol.of(
          name,
          version,
          3,
          peer -> {
            peers.add(peer);
            return new PeerHandler() {
              @Override
              public void onMessage(int code, byte[] payload) {
                if (server != null && Vertx.currentContext() != server.context()) {
                  offContext.set(true);
                }
                received.add(code + ":" + Rlp.decode(payload).asString());
              }
            };
          });
    }
  }

  private static byte[] text(String s) {
    return Rlp.encodeString(s);
  }

  @Test
  void twoServersExchangeMessagesBothWaysOnTheirOwnContexts() {
    Recorder ra = new Recorder();
    Recorder rb = new Recorder();
    P2pServer a = net.start(b -> b.protocol(ra.protocol("test", 1)).messageEvents(true));
    P2pServer b = net.start(c -> c.protocol(rb.protocol("test", 1)).messageEvents(true));
    ra.server = a;
    rb.server = b;
    List<PeerEvent> ea = TestNet.record(a);
    List<PeerEvent> eb = TestNet.record(b);

    PeerInfo info = TestNet.join(a.connect(b.enode()));
    assertEquals(b.id(), info.id());
    assertEquals(5, info.p2pVersion());
    assertTrue(info.clientId().startsWith("p2psim/"), info.clientId());
    TestNet.await(
        "both peers up", Duration.ofSeconds(5), () -> ra.peers.size() == 1 && rb.peers.size() == 1);

    for (int i = 0; i < 100; i++) {
      ra.peers.get(0).send(i % 3, text("a" + i));
      rb.peers.get(0).send(i % 3, text("b" + i));
    }
    TestNet.await(
        "200 messages",
        Duration.ofSeconds(10),
        () -> ra.received.size() == 100 && rb.received.size() == 100);
    for (int i = 0; i < 100; i++) {
      assertEquals((i % 3) + ":a" + i, rb.received.get(i));
      assertEquals((i % 3) + ":b" + i, ra.received.get(i));
    }
    assertTrue(
        !ra.offContext.get() && !rb.offContext.get(), "a handler ran off its node's context");

    TestNet.await("events", Duration.ofSeconds(5), () -> count(ea, PeerEvent.Type.MSGRECV) == 100);
    assertEquals(PeerEvent.Type.ADD, ea.get(0).type());
    assertEquals(b.id(), ea.get(0).peer());
    assertEquals(PeerEvent.Type.ADD, eb.get(0).type());
    assertEquals(a.id(), eb.get(0).peer());
    assertEquals(100, count(ea, PeerEvent.Type.MSGSEND));
    PeerEvent recv = ea.stream().filter(e -> e.type() == PeerEvent.Type.MSGRECV).findFirst().get();
    assertEquals("test", recv.protocol());
    assertEquals(0L, recv.msgCode());
    assertEquals(text("b0").length, recv.msgSize());
  }

  @Test
  void disconnectDropsThePeerOnBothSidesWithTheReason() {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
    List<PeerEvent> ea = TestNet.record(a);
    List<PeerEvent> eb = TestNet.record(b);
    TestNet.join(a.connect(b.enode()));
    TestNet.await("b sees a", Duration.ofSeconds(5), () -> b.peerCount() == 1);

    assertTrue(TestNet.join(a.disconnect(b.id())));
    TestNet.await(
        "drops",
        Duration.ofSeconds(5),
        () -> count(ea, PeerEvent.Type.DROP) == 1 && count(eb, PeerEvent.Type.DROP) == 1);
    assertEquals("disconnect requested", drop(ea).error());
    assertEquals("disconnect requested", drop(eb).error());
    assertEquals(0, a.peerCount());
    assertEquals(0, b.peerCount());
  }

  @Test
  void stoppingTellsPeersTheClientIsQuitting() {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
    List<PeerEvent> eb = TestNet.record(b);
    TestNet.join(a.connect(b.enode()));
    TestNet.join(a.stop());
    TestNet.await("drop at b", Duration.ofSeconds(5), () -> count(eb, PeerEvent.Type.DROP) == 1);
    assertEquals("client quitting", drop(eb).error());
  }

  @Test
  void refusesSelfAndDuplicateConnections() {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
    List<PeerEvent> ea = TestNet.record(a);
    List<PeerEvent> eb = TestNet.record(b);
    P2pException self = assertThrows(P2pException.class, () -> TestNet.join(a.connect(a.enode())));
    assertEquals(DisconnectReason.SELF, self.reason());
    assertEquals("refusing to connect to self", self.getMessage());

    TestNet.join(a.connect(b.enode()));
    P2pException dup = assertThrows(P2pException.class, () -> TestNet.join(a.connect(b.enode())));
    assertEquals(DisconnectReason.ALREADY_CONNECTED, dup.reason());
    TestNet.await("b sees a", Duration.ofSeconds(5), () -> b.peerCount() == 1);
    P2pException back = assertThrows(P2pException.class, () -> TestNet.join(b.connect(a.enode())));
    assertEquals(DisconnectReason.ALREADY_CONNECTED, back.reason());
    assertEquals(1, a.peerCount());
    assertEquals(1, b.peerCount());
    // Refusing self is a failed dial; finding the peer already there is not.
    assertEquals(1, count(ea, PeerEvent.Type.DIALFAIL));
    assertEquals(PeerEvent.dialFailed(a.id(), "refusing to connect to self"), dialFail(ea));
    assertEquals(0, count(eb, PeerEvent.Type.DIALFAIL));
  }

  @Test
  void enforcesThePeerLimit() {
    P2pServer hub = net.start(b -> b.protocol(new Recorder().protocol("test", 1)).maxPeers(1));
    P2pServer one = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    P2pServer two = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    List<PeerEvent> events = TestNet.record(two);
    TestNet.join(one.connect(hub.enode()));
    TestNet.await("hub sees one", Duration.ofSeconds(5), () -> hub.peerCount() == 1);
    P2pException full =
        assertThrows(P2pException.class, () -> TestNet.join(two.connect(hub.enode())));
    assertEquals(DisconnectReason.TOO_MANY_PEERS, full.reason());
    assertEquals(1, hub.peerCount());
    assertEquals(List.of(PeerEvent.dialFailed(hub.id(), full.getMessage())), events);
  }

  @Test
  void dropsAPeerWithNoCapabilityInCommon() {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("aaa", 1)));
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("bbb", 1)));
    List<PeerEvent> events = TestNet.record(a);
    P2pException e = assertThrows(P2pException.class, () -> TestNet.join(a.connect(b.enode())));
    assertEquals(DisconnectReason.USELESS_PEER, e.reason());
    assertEquals(List.of(PeerEvent.dialFailed(b.id(), e.getMessage())), events);
  }

  @Test
  void nodesThatDialEachOtherAtOnceEndWithOneConnection() {
    for (int round = 0; round < 10; round++) {
      P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
      P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
      CompletionStage<PeerInfo> ab = a.connect(b.enode());
      CompletionStage<PeerInfo> ba = b.connect(a.enode());
      settle(ab);
      settle(ba);
      int r = round;
      // Where the dials crossed, both ends kept the one the node with the smaller id dialled;
      // where one dial was done before the other began, the later found the peer there. Either
      // way: one connection, the same at both ends.
      TestNet.await(
          "one connection in round " + r,
          Duration.ofSeconds(5),
          () ->
              a.peerCount() == 1
                  && b.peerCount() == 1
                  && TestNet.join(a.peers()).get(0).inbound()
                      != TestNet.join(b.peers()).get(0).inbound());
    }
  }

  /** Waits for a dial that may fail (it lost to the other's). */
  private static void settle(CompletionStage<PeerInfo> dial) {
    try {
      TestNet.join(dial);
    } catch (P2pException e) {
      assertEquals(DisconnectReason.ALREADY_CONNECTED, e.reason(), e.getMessage());
    }
  }

  @Test
  void aStartDuringAStopBeginsOnceTheStopIsDone() throws Exception {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
    P2pServer c = net.start(x -> x.protocol(new Recorder().protocol("test", 1)));
    TestNet.join(b.connect(a.enode()));
    CompletionStage<Void> stopped = a.stop();
    TestNet.join(a.start());
    assertTrue(stopped.toCompletableFuture().isDone());
    assertTrue(a.isRunning());
    // The old stop closed its own listener and dialer, not the new ones.
    assertEquals(a.id(), TestNet.join(c.connect(a.enode())).id());
    TestNet.await("b sees a go", Duration.ofSeconds(5), () -> b.peerCount() == 0);
    assertEquals(b.id(), TestNet.join(a.connect(b.enode())).id());
  }

  /** A protocol that counts the peers it took and the ones it was told are gone. */
  private static final class Counting {
    final AtomicInteger taken = new AtomicInteger();
    final AtomicInteger told = new AtomicInteger();

    Protocol protocol(String name, boolean dropAtOnce) {
      return Protocol.of(
          name,
          1,
          3,
          peer -> {
            taken.incrementAndGet();
            if (dropAtOnce) {
              peer.disconnect(DisconnectReason.USELESS_PEER);
            }
            return new PeerHandler() {
              @Override
              public void onMessage(int code, byte[] payload) {}

              @Override
              public void onDisconnect(DisconnectReason reason) {
                told.incrementAndGet();
              }
            };
          });
    }
  }

  @Test
  void aProtocolThatDropsAPeerAsItTakesItLeavesNoOtherProtocolUntold() {
    Counting first = new Counting();
    Counting second = new Counting();
    P2pServer a =
        net.start(
            b -> b.protocol(first.protocol("aaa", true)).protocol(second.protocol("bbb", false)));
    P2pServer b =
        net.start(
            c ->
                c.protocol(new Counting().protocol("aaa", false))
                    .protocol(new Counting().protocol("bbb", false)));
    List<PeerEvent> events = TestNet.record(a);
    try {
      TestNet.join(b.connect(a.enode())); // b may finish its side before a's Disconnect comes
    } catch (P2pException e) {
      assertEquals(DisconnectReason.USELESS_PEER, e.reason());
    }
    TestNet.await(
        "the drop at a", Duration.ofSeconds(5), () -> count(events, PeerEvent.Type.DROP) == 1);
    assertEquals(0, a.peerCount());
    assertEquals(1, first.taken.get());
    assertEquals(1, first.told.get());
    assertEquals(0, second.taken.get(), "bbb was given a peer already dropped");
  }

  @Test
  void aListenerThatDropsAPeerOnItsAddLetsTheOthersSeeTheAddFirst() {
    Counting protocol = new Counting();
    P2pServer a = net.start(b -> b.protocol(protocol.protocol("test", false)));
    P2pServer b = net.start(c -> c.protocol(new Counting().protocol("test", false)));
    a.subscribe(
        e -> {
          if (e.type() == PeerEvent.Type.ADD) {
            a.disconnect(e.peer());
          }
        });
    List<PeerEvent> seen = TestNet.record(a);
    try {
      TestNet.join(b.connect(a.enode()));
    } catch (P2pException e) {
      // b may hear the Disconnect before its Hello exchange ends
    }
    TestNet.await("add and drop", Duration.ofSeconds(5), () -> seen.size() >= 2);
    assertEquals(
        List.of(PeerEvent.Type.ADD, PeerEvent.Type.DROP),
        seen.stream().map(PeerEvent::type).toList());
    assertEquals(protocol.taken.get(), protocol.told.get());
  }

  @Test
  void picksTheHighestSharedVersion() {
    Recorder v1 = new Recorder();
    Recorder v2 = new Recorder();
    Recorder other = new Recorder();
    P2pServer a =
        net.start(b -> b.protocol(v1.protocol("test", 1)).protocol(v2.protocol("test", 2)));
    P2pServer b =
        net.start(c -> c.protocol(other.protocol("test", 1)).protocol(other.protocol("test", 2)));
    TestNet.join(a.connect(b.enode()));
    TestNet.await("peers", Duration.ofSeconds(5), () -> other.peers.size() == 1);
    assertEquals(0, v1.peers.size());
    assertEquals(1, v2.peers.size());
  }

  @Test
  void failsClearlyWhenNothingListens() throws Exception {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    int closedPort;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    Enode nowhere = Enode.of(NodeKey.generate().publicKey(), "127.0.0.1", closedPort);
    List<PeerEvent> events = TestNet.record(a);
    P2pException e = assertThrows(P2pException.class, () -> TestNet.join(a.connect(nowhere)));
    assertTrue(e.getMessage().startsWith("cannot dial 127.0.0.1:" + closedPort), e.getMessage());
    assertEquals(List.of(PeerEvent.dialFailed(nowhere.id(), e.getMessage())), events);
  }

  @Test
  void keepsAnIdleConnectionAliveWithPings() throws Exception {
    P2pServer a =
        net.start(
            b ->
                b.protocol(new Recorder().protocol("test", 1))
                    .pingInterval(Duration.ofMillis(100))
                    .readTimeout(Duration.ofMillis(400)));
    P2pServer b =
        net.start(
            c ->
                c.protocol(new Recorder().protocol("test", 1))
                    .pingInterval(Duration.ofMillis(100))
                    .readTimeout(Duration.ofMillis(400)));
    TestNet.join(a.connect(b.enode()));
    Thread.sleep(1500);
    assertEquals(1, a.peerCount());
    assertEquals(1, b.peerCount());
  }

  @Test
  void listsPeersWithTheirInfo() {
    P2pServer a = net.start(b -> b.protocol(new Recorder().protocol("test", 1)));
    P2pServer b = net.start(c -> c.protocol(new Recorder().protocol("test", 1)));
    TestNet.join(a.connect(b.enode()));
    TestNet.await("b sees a", Duration.ofSeconds(5), () -> b.peerCount() == 1);
    PeerInfo atB = TestNet.join(b.peers()).get(0);
    assertEquals(a.id(), atB.id());
    assertTrue(atB.inbound());
    assertNotNull(atB.remoteAddress());
    assertInstanceOf(String.class, atB.protocols().get("test"));
    assertEquals(a.id(), Enode.parse(atB.enode()).id());
  }

  private static PeerEvent dialFail(List<PeerEvent> events) {
    return events.stream()
        .filter(e -> e.type() == PeerEvent.Type.DIALFAIL)
        .findFirst()
        .orElseThrow();
  }

  static long count(List<PeerEvent> events, PeerEvent.Type type) {
    synchronized (events) {
      return events.stream().filter(e -> e.type() == type).count();
    }
  }

  static PeerEvent drop(List<PeerEvent> events) {
    synchronized (events) {
      return events.stream().filter(e -> e.type() == PeerEvent.Type.DROP).findFirst().orElseThrow();
    }
  }
}
