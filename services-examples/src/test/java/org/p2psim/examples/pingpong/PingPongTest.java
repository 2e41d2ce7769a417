package org.p2psim.examples.pingpong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeId;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.rlp.RlpException;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.examples.testing.Json;
import org.p2psim.testkit.FakeLoop;
import org.p2psim.testkit.FakeNetwork;
import org.p2psim.testkit.FakeNetworkExtension;
import org.p2psim.testkit.FakeNode;
import org.p2psim.testkit.RecordingPeer;

@ExtendWith(FakeNetworkExtension.class)
class PingPongTest {
  private FakeLoop loop;
  private FakeNetwork net;
  private final PingPongFactory factory = new PingPongFactory();

  private FakeNode a;
  private FakeNode b;
  private FakeNode c;

  @BeforeEach
  void threeNodes(FakeNetwork net) {
    this.net = net;
    this.loop = net.loop();
    a = node(1, "interval=100");
    b = node(2, "interval=100");
    c = node(3, "interval=100");
  }

  private FakeNode node(int n, String... properties) {
    return net.start(factory, FakeNode.config(n, "pingpong", properties));
  }

  private static PingPongApi.Report counts(FakeNode node) {
    return node.api(PingPongApi.class).counts();
  }

  private static Counts of(FakeNode node, FakeNode peer) {
    return counts(node).peers().get(peer.id().hex());
  }

  private long pings() {
    return net.deliveries().stream().filter(d -> d.code() == PingPongService.PING).count();
  }

  @Test
  void eachConnectedPeerGetsAPingEveryInterval() {
    net.connect(a, b);
    net.connect(a, c);

    loop.advanceMillis(99);
    assertEquals(0, pings());

    loop.advanceMillis(1); // a pings b and c; b and c ping a
    assertEquals(4, pings());
    assertEquals(new Counts(2, 2, 2), counts(a).total());

    loop.advanceMillis(200);
    assertEquals(12, pings());
    assertEquals(new Counts(6, 6, 6), counts(a).total());
  }

  @Test
  void pingsCarryIncreasingSequenceNumbersAndPongsEchoThem() {
    net.connect(a, b);
    loop.advanceMillis(300);

    List<Long> pingsFromA =
        net.deliveries().stream()
            .filter(d -> d.from().equals(a.id()) && d.code() == PingPongService.PING)
            .map(d -> Rlp.decode(d.payload()).get(0).asLong())
            .toList();
    List<Long> pongsToA =
        net.deliveries().stream()
            .filter(d -> d.to().equals(a.id()) && d.code() == PingPongService.PONG)
            .map(d -> Rlp.decode(d.payload()).get(0).asLong())
            .toList();
    assertEquals(List.of(1L, 2L, 3L), pingsFromA);
    assertEquals(List.of(1L, 2L, 3L), pongsToA);
  }

  @Test
  void roundTripsAreMeasuredFromEachPingToItsPong() {
    RecordingPeer peer = new RecordingPeer(FakeNode.id(9));
    PeerHandler handler = a.protocol("pingpong").connect(peer);
    assertEquals(
        new RoundTrips(0, 0, 0), a.api(PingPongApi.class).roundTrips().get(peer.id().hex()));

    long[] answerAfter = {30, 10, 50};
    long waited = 0;
    for (int i = 0; i < answerAfter.length; i++) {
      loop.advanceMillis(100 - waited); // Ping i + 1 goes, every 100 ms
      loop.advanceMillis(answerAfter[i]);
      waited = answerAfter[i];
      handler.onMessage(PingPongService.PONG, Rlp.encodeListOf(i + 1L));
    }
    RoundTrips trips = a.api(PingPongApi.class).roundTrips().get(peer.id().hex());
    assertEquals(new RoundTrips(3, 50.0, 30.0), trips);
  }

  @Test
  void aPongAnswersAPingWithItsSequenceNumber() {
    RecordingPeer peer = new RecordingPeer(FakeNode.id(9));
    PeerHandler handler = a.protocol("pingpong").connect(peer);

    handler.onMessage(PingPongService.PING, Rlp.encodeListOf(42L));

    assertEquals(1, peer.sent().size());
    assertEquals(PingPongService.PONG, peer.sent().get(0).code());
    assertEquals(42L, Rlp.decode(peer.sent().get(0).payload()).get(0).asLong());
    assertEquals(new Counts(0, 1, 0), counts(a).peers().get(peer.id().hex()));
  }

  @Test
  void countsPerPeerAndInTotal() {
    net.connect(a, b);
    net.connect(a, c);
    loop.advanceMillis(100);
    net.disconnect(a, c);
    loop.advanceMillis(200);

    // a-b ran 3 intervals, a-c one.
    assertEquals(new Counts(3, 3, 3), of(a, b));
    assertEquals(new Counts(1, 1, 1), of(a, c));
    assertEquals(new Counts(4, 4, 4), counts(a).total());
    assertEquals(new Counts(3, 3, 3), counts(b).total());
    assertEquals(Map.of(a.id().hex(), new Counts(1, 1, 1)), counts(c).peers());
  }

  @Test
  void countsAsJson() {
    net.connect(a, b);
    loop.advanceMillis(200);

    String hexB = b.id().hex();
    Json.assertJson(
        "{\"total\":{\"sent\":2,\"received\":2,\"pongs\":2},"
            + "\"peers\":{\""
            + hexB
            + "\":{\"sent\":2,\"received\":2,\"pongs\":2}}}",
        counts(a));
  }

  @Test
  void nodeInfoAndPeerInfo() {
    RecordingPeer peer = new RecordingPeer(FakeNode.id(9));
    PeerHandler handler = a.protocol("pingpong").connect(peer);
    handler.onMessage(PingPongService.PING, Rlp.encodeListOf(1L));

    Json.assertJson(
        "{\"interval\":100,\"peers\":1,\"total\":{\"sent\":0,\"received\":1,\"pongs\":0}}",
        a.protocol("pingpong").nodeInfo());
    Json.assertJson("{\"sent\":0,\"received\":1,\"pongs\":0}", handler.info());
  }

  @Test
  void theIntervalDefaultsToOneSecond() {
    FakeNode x = node(11);
    FakeNode y = node(12);
    net.connect(x, y);

    loop.advanceMillis(999);
    assertEquals(0, pings());
    loop.advanceMillis(1);
    assertEquals(2, pings());
    assertEquals(1000L, ((PingPongInfo) x.protocol("pingpong").nodeInfo()).interval());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "interval=0    | pingpong: bad property interval=0: expected a positive number of milliseconds",
        "interval=-5   | pingpong: bad property interval=-5: expected a positive number of milliseconds",
        "interval=soon | pingpong: bad property interval=soon: expected an integer",
        "interval=1.5  | pingpong: bad property interval=1.5: expected an integer",
      })
  void aBadIntervalIsRejectedAtCreateTime(String property, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> node(20, property));
    assertEquals(message, e.getMessage());
  }

  @Test
  void disconnectCancelsThatPeersTimer() {
    net.connect(a, b);
    net.connect(a, c);
    assertEquals(2, a.scheduler().activeTimers());

    net.disconnect(a, b);
    assertEquals(1, a.scheduler().activeTimers());
    assertEquals(0, b.scheduler().activeTimers());

    loop.advanceMillis(500);
    assertEquals(new Counts(0, 0, 0), of(a, b)); // kept after the peer left
    assertEquals(new Counts(5, 5, 5), of(a, c));
  }

  @Test
  void stopCancelsEveryTimer() {
    net.connect(a, b);
    net.connect(a, c);
    a.service().stop();
    assertEquals(0, a.scheduler().activeTimers());
    a.service().stop(); // idempotent

    loop.advanceMillis(300);
    assertEquals(0, counts(a).total().sent());
    assertEquals(6, counts(a).total().received()); // b and c still ping a, and a answers
  }

  @Test
  void aPeerThatSendsBadRlpIsDropped() {
    net.connect(a, b);
    net.connect(a, c);
    net.inject(c, a, "pingpong", PingPongService.PING, new byte[] {(byte) 0xc1});
    loop.runPending();

    FakeNetwork.Drop drop = net.drops().get(0);
    assertEquals(List.of(a.id(), c.id()), List.of(drop.one(), drop.other()));
    assertEquals(DisconnectReason.SUBPROTOCOL_ERROR, drop.reason());
    assertInstanceOf(RlpException.class, drop.cause());
    assertTrue(net.connected(a, b));
    assertEquals(List.of(b.id()), ((PingPongService) a.service()).connected());
  }

  @Test
  void malformedMessagesThrow() {
    RecordingPeer peer = new RecordingPeer(FakeNode.id(9));
    PeerHandler handler = a.protocol("pingpong").connect(peer);

    assertEquals(
        "rlp: expected list, got string at offset 0",
        assertThrows(RlpException.class, () -> handler.onMessage(0, Rlp.encodeLong(1)))
            .getMessage());
    assertThrows(RlpException.class, () -> handler.onMessage(0, new byte[] {(byte) 0xc2, 1}));
    assertThrows(RlpException.class, () -> handler.onMessage(0, Rlp.encodeListOf()));
    assertEquals(
        "pingpong: Ping with sequence number 0",
        assertThrows(
                IllegalArgumentException.class, () -> handler.onMessage(0, Rlp.encodeListOf(0L)))
            .getMessage());
    assertEquals(
        "pingpong: unknown message code 2",
        assertThrows(
                IllegalArgumentException.class, () -> handler.onMessage(2, Rlp.encodeListOf(1L)))
            .getMessage());
    assertEquals(
        "pingpong: Pong 1 from 090909090909 answers no outstanding Ping (last Ping 0, last Pong 0)",
        assertThrows(
                IllegalArgumentException.class, () -> handler.onMessage(1, Rlp.encodeListOf(1L)))
            .getMessage());
    assertTrue(peer.sent().isEmpty());
  }

  @Test
  void aSecondPongForOnePingIsRejected() {
    RecordingPeer peer = new RecordingPeer(FakeNode.id(9));
    PeerHandler handler = a.protocol("pingpong").connect(peer);
    loop.advanceMillis(100);
    assertEquals(
        List.of(1L),
        peer.sent().stream().map(m -> Rlp.decode(m.payload()).get(0).asLong()).toList());

    handler.onMessage(PingPongService.PONG, Rlp.encodeListOf(1L));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> handler.onMessage(PingPongService.PONG, Rlp.encodeListOf(1L)));
    assertEquals(
        "pingpong: Pong 1 from 090909090909 answers no outstanding Ping (last Ping 1, last Pong 1)",
        e.getMessage());
    assertEquals(new Counts(1, 0, 1), of(a, peer.id()));
  }

  private static Counts of(FakeNode node, NodeId peer) {
    return counts(node).peers().get(peer.hex());
  }
}
