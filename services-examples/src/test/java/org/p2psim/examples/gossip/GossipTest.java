package org.p2psim.examples.gossip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
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
import org.p2psim.testkit.FakeSubscriber;
import org.p2psim.testkit.RecordingPeer;

@ExtendWith(FakeNetworkExtension.class)
class GossipTest {
  private static final HexFormat HEX = HexFormat.of();

  private FakeLoop loop;
  private FakeNetwork net;

  @BeforeEach
  void network(FakeNetwork net) {
    this.net = net;
    this.loop = net.loop();
  }

  private final GossipFactory factory = new GossipFactory();

  private FakeNode node(int n, String... properties) {
    return net.start(factory, FakeNode.config(n, "gossip", properties));
  }

  private List<FakeNode> nodes(int count) {
    return IntStream.rangeClosed(1, count).mapToObj(this::node).toList();
  }

  private static GossipApi api(FakeNode node) {
    return node.api(GossipApi.class);
  }

  /** The records {@code node} holds of message {@code id}. */
  private static List<SeenMessage> records(FakeNode node, String id) {
    return api(node).seen().stream().filter(m -> m.id().equals(id)).toList();
  }

  /** The deliveries of message {@code id}. */
  private List<FakeNetwork.Delivery> deliveries(String id) {
    return net.deliveries().stream()
        .filter(d -> HEX.formatHex(Rlp.decode(d.payload()).get(0).asBytes()).equals(id))
        .toList();
  }

  /** Each delivery X→Y of a message came to X from some node other than Y. */
  private void assertNoEcho(List<FakeNode> nodes, String id) {
    for (FakeNetwork.Delivery d : deliveries(id)) {
      FakeNode sender = nodes.stream().filter(n -> n.id().equals(d.from())).findFirst().get();
      assertNotEquals(d.to().hex(), records(sender, id).get(0).from(), "echoed " + d);
    }
  }

  // --- flooding -------------------------------------------------------------------------------

  @Test
  void aMessageTravelsAChainOfFiveExactlyOnce() {
    List<FakeNode> chain = nodes(5);
    net.chain(chain);

    String id = api(chain.get(0)).publish("hello");
    loop.runPending();

    assertTrue(id.matches("[0-9a-f]{64}"), id);
    for (int i = 0; i < 5; i++) {
      List<SeenMessage> got = records(chain.get(i), id);
      assertEquals(1, got.size(), "node " + i);
      SeenMessage m = got.get(0);
      assertEquals("hello", m.text());
      assertEquals(chain.get(0).id().hex(), m.origin());
      assertEquals(i, m.hops());
      assertEquals(i == 0 ? null : chain.get(i - 1).id().hex(), m.from());
    }
    // One delivery per link, all away from the origin: nothing comes back.
    List<FakeNetwork.Delivery> ds = deliveries(id);
    assertEquals(4, ds.size());
    for (int i = 0; i < 4; i++) {
      assertEquals(chain.get(i).id(), ds.get(i).from());
      assertEquals(chain.get(i + 1).id(), ds.get(i).to());
    }
    assertNoEcho(chain, id);
  }

  @Test
  void fromTheMiddleOfAChainAMessageReachesBothEnds() {
    List<FakeNode> chain = nodes(5);
    net.chain(chain);

    String id = api(chain.get(2)).publish("middle");
    loop.runPending();

    int[] hops = {2, 1, 0, 1, 2};
    for (int i = 0; i < 5; i++) {
      assertEquals(hops[i], records(chain.get(i), id).get(0).hops(), "node " + i);
    }
    assertEquals(4, deliveries(id).size());
    assertNoEcho(chain, id);
  }

  @Test
  void aRingDeliversExactlyOnceDespiteItsCycle() {
    List<FakeNode> ring = nodes(5);
    net.ring(ring);

    String id = api(ring.get(0)).publish("round");
    loop.runPending();

    for (FakeNode n : ring) {
      assertEquals(1, records(n, id).size(), n.toString());
      assertEquals(1, api(n).seenCount(), n.toString());
    }
    // The origin sends to its two neighbours, every other node forwards to its one other
    // neighbour: 6 deliveries for 4 new arrivals, so 2 duplicates, dropped where the two
    // directions meet.
    assertEquals(6, deliveries(id).size());
    long duplicates = ring.stream().mapToLong(n -> api(n).stats().duplicates()).sum();
    long accepted = ring.stream().mapToLong(n -> api(n).stats().accepted()).sum();
    assertEquals(2, duplicates);
    assertEquals(4, accepted);
    assertNoEcho(ring, id);
  }

  @Test
  void everyNodeOfAFullMeshSeesEveryMessageOnce() {
    List<FakeNode> mesh = nodes(4);
    net.full(mesh);

    List<String> ids = new ArrayList<>();
    for (FakeNode n : mesh) {
      ids.add(api(n).publish("from " + n));
    }
    loop.runPending();

    for (FakeNode n : mesh) {
      assertEquals(4, api(n).seenCount(), n.toString());
      for (String id : ids) {
        assertEquals(1, records(n, id).size(), n + " " + id);
      }
      GossipStats s = api(n).stats();
      assertEquals(1, s.published());
      assertEquals(3, s.accepted());
      assertEquals(3, s.peers());
    }
    ids.forEach(id -> assertNoEcho(mesh, id));
  }

  @Test
  void aMessageSeenBeforeIsDroppedAndNotForwarded() {
    FakeNode a = node(1);
    RecordingPeer from = new RecordingPeer(FakeNode.id(8));
    RecordingPeer other = new RecordingPeer(FakeNode.id(9));
    PeerHandler fromHandler = a.protocol("gossip").connect(from);
    a.protocol("gossip").connect(other);
    byte[] payload =
        GossipMessage.publish(FakeNode.id(7), 0, FakeLoop.START, "hi").nextHop().encode();

    fromHandler.onMessage(GossipService.MESSAGE, payload);
    fromHandler.onMessage(GossipService.MESSAGE, payload);

    assertEquals(1, api(a).seenCount());
    assertEquals(1, other.sent().size()); // forwarded once
    assertEquals(0, from.sent().size()); // never back to where it came from
    assertEquals(1, api(a).stats().duplicates());
    Json.assertJson("{\"sent\":0,\"accepted\":1,\"duplicates\":1}", fromHandler.info());
  }

  @Test
  void aNodeDropsItsOwnMessageComingBack() {
    List<FakeNode> pair = nodes(2);
    net.connect(pair.get(0), pair.get(1));
    String id = api(pair.get(0)).publish("boomerang");
    loop.runPending();
    byte[] wire = deliveries(id).get(0).payload();

    net.inject(pair.get(1), pair.get(0), "gossip", GossipService.MESSAGE, wire);
    loop.runPending();

    assertEquals(1, records(pair.get(0), id).size());
    assertEquals(1, api(pair.get(0)).stats().duplicates());
  }

  @Test
  void forwardingSkipsPeersThatLeft() {
    List<FakeNode> three = nodes(3);
    net.connect(three.get(0), three.get(1));
    net.connect(three.get(0), three.get(2));
    net.disconnect(three.get(0), three.get(2));

    String id = api(three.get(0)).publish("after");
    loop.runPending();

    assertEquals(1, api(three.get(0)).stats().peers());
    assertEquals(1, deliveries(id).size());
    assertEquals(0, api(three.get(2)).seenCount());
  }

  // --- the seen list ---------------------------------------------------------------------------

  @Test
  void theSeenListHoldsEachMessageInArrivalOrderWithItsDetails() {
    FakeNode a = node(1);
    FakeNode b = node(2);
    net.connect(a, b);

    String one = api(a).publish("one");
    loop.advance(Duration.ofMillis(250));
    String two = api(b).publish("two");
    loop.advance(Duration.ofNanos(1));
    String three = api(a).publish("three");
    loop.runPending();

    List<SeenMessage> seen = api(a).seen();
    assertEquals(List.of(one, two, three), seen.stream().map(SeenMessage::id).toList());
    assertEquals(
        new SeenMessage(
            one, a.id().hex(), 0, "one", 0, "2025-01-01T00:00:00Z", "2025-01-01T00:00:00Z", null),
        seen.get(0));
    assertEquals(
        new SeenMessage(
            two,
            b.id().hex(),
            0,
            "two",
            1,
            "2025-01-01T00:00:00.250Z",
            "2025-01-01T00:00:00.250Z",
            b.id().hex()),
        seen.get(1));
    assertEquals(1, seen.get(2).seq());
    assertEquals("2025-01-01T00:00:00.250000001Z", seen.get(2).publishedAt());
    assertEquals(3, api(a).seenCount());
    assertEquals(List.of(one, two, three), api(b).seen().stream().map(SeenMessage::id).toList());
  }

  @Test
  void seenAndStatsAsJson() {
    FakeNode a = node(1);
    FakeNode b = node(2);
    net.connect(a, b);
    String id = api(b).publish("json");
    loop.runPending();

    Json.assertJson(
        "[{\"id\":\""
            + id
            + "\",\"origin\":\""
            + b.id().hex()
            + "\",\"seq\":0,\"text\":\"json\",\"hops\":1,"
            + "\"publishedAt\":\"2025-01-01T00:00:00Z\",\"receivedAt\":\"2025-01-01T00:00:00Z\","
            + "\"from\":\""
            + b.id().hex()
            + "\"}]",
        api(a).seen());
    Json.assertJson(
        "{\"seen\":1,\"maxSeen\":10000,\"peers\":1,\"published\":0,\"accepted\":1,"
            + "\"duplicates\":0,\"sent\":0,\"evicted\":0}",
        api(a).stats());
    Json.assertJson(
        "{\"seen\":1,\"maxSeen\":10000,\"nextSeq\":1}", b.protocol("gossip").nodeInfo());
  }

  @Test
  void idsDifferForSameTextAndDifferWithTime() {
    FakeNode a = node(1);
    String first = api(a).publish("same");
    String second = api(a).publish("same");
    assertNotEquals(first, second);
    // A node that lost its sequence number (restarted without a snapshot) still makes new ids.
    loop.advance(Duration.ofMillis(1));
    net.stop(a);
    FakeNode again = net.start(factory, a.config());
    assertNotEquals(first, api(again).publish("same"));
  }

  // --- memory bound ----------------------------------------------------------------------------

  @Test
  void theSeenSetKeepsTheNewestMaxSeen() {
    FakeNode a = node(1, "max_seen=3");
    for (int i = 0; i < 5; i++) {
      api(a).publish("m" + i);
    }
    assertEquals(List.of("m2", "m3", "m4"), api(a).seen().stream().map(SeenMessage::text).toList());
    assertEquals(3, api(a).seenCount());
    assertEquals(2, api(a).stats().evicted());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "max_seen=0    | gossip: bad property max_seen=0: expected a positive number of messages,"
            + " at most 2147483647",
        "max_seen=-1   | gossip: bad property max_seen=-1: expected a positive number of messages,"
            + " at most 2147483647",
        "max_seen=2147483648 | gossip: bad property max_seen=2147483648: expected a positive"
            + " number of messages, at most 2147483647",
        "max_seen=many | gossip: bad property max_seen=many: expected an integer",
      })
  void aBadMaxSeenIsRejectedAtCreateTime(String property, String message) {
    assertEquals(
        message,
        assertThrows(IllegalArgumentException.class, () -> node(1, property)).getMessage());
  }

  // --- publish ---------------------------------------------------------------------------------

  @Test
  void publishChecksItsText() {
    FakeNode a = node(1);
    assertEquals(
        "gossip: publish needs a text",
        assertThrows(IllegalArgumentException.class, () -> api(a).publish(null)).getMessage());
    assertEquals(
        "gossip: text of 4097 bytes is too long, at most 4096 allowed",
        assertThrows(IllegalArgumentException.class, () -> api(a).publish("x".repeat(4097)))
            .getMessage());
    // Bytes count, not characters: 2 bytes each in UTF-8.
    assertThrows(IllegalArgumentException.class, () -> api(a).publish("é".repeat(2049)));
    api(a).publish("é".repeat(2048));
    api(a).publish("");
    assertEquals(2, api(a).seenCount());
  }

  // --- malformed messages ----------------------------------------------------------------------

  /** A well-formed wire message from node 7, its fields replaced where given. */
  private static byte[] wire(Object id, Object origin, String text, Object hops) {
    GossipMessage m = GossipMessage.publish(FakeNode.id(7), 3, FakeLoop.START, "ok");
    return Rlp.encodeListOf(
        id == null ? HEX.parseHex(m.id()) : id,
        origin == null ? m.origin().bytes() : origin,
        3L,
        GossipMessage.nanos(FakeLoop.START),
        text == null ? "ok" : text,
        hops == null ? 1L : hops);
  }

  static Stream<Arguments> malformed() {
    byte[] badUtf8 = {'o', (byte) 0xc3};
    String goodId = GossipMessage.publish(FakeNode.id(7), 3, FakeLoop.START, "ok").id();
    String longText = "x".repeat(4097);
    return Stream.of(
        Arguments.of(new byte[] {(byte) 0xc1}, RlpException.class, null),
        Arguments.of(
            Rlp.encodeString("hi"),
            RlpException.class,
            "rlp: expected list, got string at offset 0"),
        Arguments.of(
            Rlp.encodeListOf(new byte[32], new byte[32], 1L, 1L, "x"),
            RlpException.class,
            "rlp: index 5 out of range for list of 5 elements at offset 0"),
        Arguments.of(
            wire(new byte[31], null, null, null),
            IllegalArgumentException.class,
            "gossip: bad message: id of 31 bytes, expected 32"),
        Arguments.of(
            wire(null, new byte[3], null, null),
            IllegalArgumentException.class,
            "gossip: bad message: origin of 3 bytes, expected 32"),
        Arguments.of(
            wire(null, null, "forged", null),
            IllegalArgumentException.class,
            "gossip: bad message: id " + goodId + " does not match the message"),
        Arguments.of(
            wire(null, null, null, 0L),
            IllegalArgumentException.class,
            "gossip: bad message: hops 0, expected at least 1"),
        Arguments.of(
            wire(null, null, longText, null),
            IllegalArgumentException.class,
            "gossip: bad message: text of 4097 bytes is too long, at most 4096 allowed"),
        Arguments.of(
            Rlp.encodeListOf(
                HEX.parseHex(GossipMessage.idOf(FakeNode.id(7), 3, 0, badUtf8)),
                FakeNode.id(7).bytes(),
                3L,
                0L,
                badUtf8,
                1L),
            IllegalArgumentException.class,
            "gossip: bad message: text is not valid UTF-8"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void aMalformedMessageThrows(byte[] payload, Class<? extends Throwable> type, String message) {
    FakeNode a = node(1);
    RecordingPeer peer = new RecordingPeer(FakeNode.id(9));
    PeerHandler handler = a.protocol("gossip").connect(peer);

    Throwable e = assertThrows(type, () -> handler.onMessage(GossipService.MESSAGE, payload));
    if (message != null) {
      assertEquals(message, e.getMessage());
    }
    assertEquals(0, api(a).seenCount());
  }

  @Test
  void anUnknownCodeThrows() {
    PeerHandler handler = node(1).protocol("gossip").connect(new RecordingPeer(FakeNode.id(9)));
    assertEquals(
        "gossip: unknown message code 1",
        assertThrows(IllegalArgumentException.class, () -> handler.onMessage(1, new byte[0]))
            .getMessage());
  }

  @Test
  void aPeerSendingAMalformedMessageIsDroppedAndGossipGoesOn() {
    List<FakeNode> three = nodes(3);
    net.chain(three);
    net.inject(three.get(0), three.get(1), "gossip", GossipService.MESSAGE, new byte[] {1, 2});
    loop.runPending();

    FakeNetwork.Drop drop = net.drops().get(0);
    assertEquals(DisconnectReason.SUBPROTOCOL_ERROR, drop.reason());
    assertInstanceOf(RlpException.class, drop.cause());
    assertFalse(net.connected(three.get(0), three.get(1)));

    String id = api(three.get(2)).publish("still here");
    loop.runPending();
    assertEquals(1, records(three.get(1), id).size());
    assertEquals(0, records(three.get(0), id).size());
  }

  // --- subscription ----------------------------------------------------------------------------

  @Test
  void theMessagesSubscriptionGetsEachNewMessageUntilClosed() {
    FakeNode a = node(1);
    FakeNode b = node(2);
    net.connect(a, b);
    FakeSubscriber sub = new FakeSubscriber("0x1");
    api(a).messages(sub);

    String mine = api(a).publish("mine");
    String theirs = api(b).publish("theirs");
    loop.runPending();
    net.inject(b, a, "gossip", GossipService.MESSAGE, deliveries(theirs).get(0).payload());
    loop.runPending(); // a duplicate: no event

    assertEquals(
        List.of(mine, theirs), sub.events().stream().map(e -> ((SeenMessage) e).id()).toList());
    assertNull(((SeenMessage) sub.events().get(0)).from());

    sub.close();
    loop.runPending();
    api(a).publish("unseen");
    assertEquals(2, sub.events().size());
  }

  @Test
  void idsAreSha256OverOriginSequenceTimeAndText() throws Exception {
    NodeId origin = FakeNode.id(7);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(origin.bytes());
    sha.update(ByteBuffer.allocate(16).putLong(5).putLong(1_000_000_007L).array());
    sha.update("text".getBytes(UTF_8));
    assertEquals(
        HEX.formatHex(sha.digest()),
        GossipMessage.publish(origin, 5, Instant.ofEpochSecond(1, 7), "text").id());
  }
}
