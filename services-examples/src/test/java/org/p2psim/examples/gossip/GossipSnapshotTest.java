package org.p2psim.examples.gossip;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2psim.api.NodeId;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.testkit.FakeLoop;
import org.p2psim.testkit.FakeNetwork;
import org.p2psim.testkit.FakeNode;
import org.p2psim.testkit.RecordingPeer;

class GossipSnapshotTest {
  private static final HexFormat HEX = HexFormat.of();

  @TempDir Path dir;
  private final FakeLoop loop = new FakeLoop();
  private final FakeNetwork net = new FakeNetwork(loop);
  private final GossipFactory factory = new GossipFactory();

  private FakeNode node(int n, byte[] snapshot, String... properties) {
    return FakeNode.start(loop, factory, FakeNode.config(n, "gossip", properties), snapshot, dir);
  }

  private static GossipApi api(FakeNode node) {
    return node.api(GossipApi.class);
  }

  private List<FakeNetwork.Delivery> deliveries(String id) {
    return net.deliveries().stream()
        .filter(d -> HEX.formatHex(Rlp.decode(d.payload()).get(0).asBytes()).equals(id))
        .toList();
  }

  @Test
  void aRestoredNodeHasTheSameSeenListAndDropsOldMessages() {
    FakeNode a = node(1, null);
    FakeNode b = node(2, null);
    FakeNode c = node(3, null);
    net.chain(List.of(a, b, c));
    String old = api(a).publish("old");
    loop.advance(Duration.ofMillis(5));
    api(b).publish("b's own");
    loop.advance(Duration.ofMillis(5));
    api(c).publish("from c");
    loop.runPending();
    byte[] oldOnTheWire = deliveries(old).get(0).payload(); // a -> b

    List<SeenMessage> before = api(b).seen();
    byte[] snapshot = b.snapshot();
    net.stop(b);
    loop.advance(Duration.ofSeconds(1));
    FakeNode restored = node(2, snapshot);

    assertEquals(before, api(restored).seen());
    assertArrayEquals(snapshot, restored.snapshot());

    // The old message comes again: dropped, not forwarded.
    net.connect(a, restored);
    net.connect(restored, c);
    int deliveredBefore = net.deliveries().size();
    net.inject(a, restored, "gossip", GossipService.MESSAGE, oldOnTheWire);
    loop.runPending();
    assertEquals(deliveredBefore + 1, net.deliveries().size());
    assertEquals(1, api(restored).stats().duplicates());
    assertEquals(3, api(restored).seenCount());

    // And its next message carries the next sequence number.
    String next = api(restored).publish("again");
    SeenMessage mine = api(restored).seen().get(3);
    assertEquals(next, mine.id());
    assertEquals(1, mine.seq());
  }

  @Test
  void theSnapshotFormatIsVersionedRlp() {
    FakeNode a = node(1, null);
    FakeNode b = node(2, null);
    net.connect(a, b);
    api(a).publish("x");
    loop.runPending();

    GossipMessage m = GossipMessage.publish(a.id(), 0, FakeLoop.START, "x");
    List<Object> local = new ArrayList<>(m.fields());
    local.add(GossipMessage.nanos(FakeLoop.START));
    local.add(new byte[0]);
    assertArrayEquals(Rlp.encodeListOf(1L, 1L, List.of(local)), a.snapshot());

    List<Object> received = new ArrayList<>(m.nextHop().fields());
    received.add(GossipMessage.nanos(FakeLoop.START));
    received.add(a.id().bytes());
    assertArrayEquals(Rlp.encodeListOf(1L, 0L, List.of(received)), b.snapshot());
  }

  @Test
  void aSmallerCapKeepsTheNewest() {
    FakeNode a = node(1, null);
    for (int i = 0; i < 5; i++) {
      api(a).publish("m" + i);
    }
    FakeNode restored = node(1, a.snapshot(), "max_seen=2");
    assertEquals(
        List.of("m3", "m4"), api(restored).seen().stream().map(SeenMessage::text).toList());
    assertEquals(5, ((GossipInfo) restored.protocol("gossip").nodeInfo()).nextSeq());
  }

  @Test
  void aSnapshotAtTheEdgesOfItsRangesRestoresAndPublishesNoFurtherThanLongMax() {
    NodeId self = FakeNode.id(1);
    GossipMessage last = GossipMessage.publish(self, Long.MAX_VALUE - 2, FakeLoop.START, "x");
    List<Object> far = record(last, null);
    far.set(6, Long.MAX_VALUE); // receivedAt
    byte[] snapshot = Rlp.encodeListOf(1L, Long.MAX_VALUE - 1, List.of(far));
    FakeNode a = node(1, snapshot);
    assertEquals(1, api(a).seen().size());
    api(a).publish("the last sequence number");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> api(a).publish("y"));
    assertEquals(
        "gossip: this node has used every sequence number below 9223372036854775807",
        e.getMessage());
    assertArrayEquals(a.snapshot(), node(1, a.snapshot()).snapshot());
  }

  /** A snapshot record: the message's six fields, then receivedAt and from. */
  private static List<Object> record(GossipMessage m, NodeId from) {
    List<Object> r = new ArrayList<>(m.fields());
    r.add(GossipMessage.nanos(FakeLoop.START));
    r.add(from == null ? new byte[0] : from.bytes());
    return r;
  }

  static Stream<Arguments> corruptSnapshots() {
    NodeId self = FakeNode.id(1);
    NodeId other = FakeNode.id(2);
    GossipMessage mine = GossipMessage.publish(self, 0, FakeLoop.START, "mine");
    GossipMessage theirs = GossipMessage.publish(other, 0, FakeLoop.START, "theirs").nextHop();
    List<Object> forged = record(theirs, other);
    forged.set(4, "forged");
    List<Object> shortFrom = record(theirs, other);
    shortFrom.set(7, new byte[5]);
    String p = "gossip: bad snapshot: ";
    return Stream.of(
        Arguments.of(new byte[0], p + "rlp: empty input"),
        Arguments.of(Rlp.encodeListOf(2L, 0L, List.of()), p + "format version 2, expected 1"),
        Arguments.of(
            Rlp.encodeListOf(1L, 0L),
            p + "rlp: index 2 out of range for list of 2 elements at offset 0"),
        Arguments.of(
            Rlp.encodeListOf(1L, 0L, List.of(List.of(1L, 2L))),
            p + "rlp: index 2 out of range for list of 2 elements at offset 4"),
        Arguments.of(
            Rlp.encodeListOf(1L, 0L, List.of(forged)),
            p + "message 0: id " + theirs.id() + " does not match the message"),
        Arguments.of(
            Rlp.encodeListOf(1L, 0L, List.of(shortFrom)),
            p + "message 0: from of 5 bytes, expected 0 or 32"),
        Arguments.of(
            Rlp.encodeListOf(1L, 0L, List.of(record(theirs, null))),
            p + "message 0: hops 1 but from is empty"),
        Arguments.of(
            Rlp.encodeListOf(1L, 1L, List.of(record(mine, other))),
            p + "message 0: hops 0 but from is a peer"),
        Arguments.of(
            Rlp.encodeListOf(1L, 1L, List.of(record(mine, null), record(mine, null))),
            p + "message 1: id " + mine.id() + " appears twice"),
        Arguments.of(
            Rlp.encodeListOf(1L, 0L, List.of(record(mine, null))),
            p + "message 0 was published here with seq 0 but nextSeq is 0"));
  }

  @ParameterizedTest
  @MethodSource("corruptSnapshots")
  void aCorruptSnapshotIsRejectedAtCreateTime(byte[] snapshot, String message) {
    assertEquals(
        message,
        assertThrows(IllegalArgumentException.class, () -> node(1, snapshot)).getMessage());
  }

  @Test
  void aSnapshotOfAnotherNodeIsRejectedWhenItHoldsThatNodesMessages() {
    FakeNode a = node(1, null);
    api(a).publish("a");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> node(2, a.snapshot()));
    assertEquals(
        "gossip: bad snapshot: message 0 was published here but its origin is 010101010101,"
            + " not this node 020202020202: a snapshot of another node?",
        e.getMessage());
  }

  @Test
  void anOwnMessageFromBeforeARestartIsNotRecordedAndMovesTheSequenceOn() {
    FakeNode a = node(1, null);
    PeerHandler h = a.protocol("gossip").connect(new RecordingPeer(FakeNode.id(9)));
    // A message a published as seq 5 before it restarted without its state, back from a peer.
    h.onMessage(
        GossipService.MESSAGE,
        GossipMessage.publish(a.id(), 5, FakeLoop.START, "old").nextHop().encode());
    assertEquals(0, api(a).seenCount());
    FakeNode restored = node(1, a.snapshot()); // the snapshot a takes is one a can load
    String next = api(restored).publish("new");
    assertEquals(
        GossipMessage.idOf(a.id(), 6, GossipMessage.nanos(FakeLoop.START), "new".getBytes(UTF_8)),
        next);
  }

  @Test
  void aMessageWithTheLargestHopCountIsRefusedBeforeItIsRecorded() {
    FakeNode a = node(1, null);
    PeerHandler h = a.protocol("gossip").connect(new RecordingPeer(FakeNode.id(9)));
    GossipMessage m = GossipMessage.publish(FakeNode.id(7), 0, FakeLoop.START, "x");
    byte[] payload =
        Rlp.encode(
            List.of(
                HEX.parseHex(m.id()),
                FakeNode.id(7).bytes(),
                0L,
                GossipMessage.nanos(FakeLoop.START),
                "x",
                (long) Integer.MAX_VALUE));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> h.onMessage(GossipService.MESSAGE, payload));
    assertTrue(e.getMessage().contains("hops 2147483647"), e.getMessage());
    assertEquals(0, api(a).seenCount());
  }
}
