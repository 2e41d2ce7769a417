package org.p2psim.examples.pingpong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.p2psim.api.rlp.Rlp;
import org.p2psim.testkit.FakeLoop;
import org.p2psim.testkit.FakeNetwork;
import org.p2psim.testkit.FakeNode;

class PingPongSnapshotTest {
  @TempDir Path dir;
  private final FakeLoop loop = new FakeLoop();
  private final FakeNetwork net = new FakeNetwork(loop);
  private final PingPongFactory factory = new PingPongFactory();

  private FakeNode node(int n, byte[] snapshot) {
    return FakeNode.start(
        loop, factory, FakeNode.config(n, "pingpong", "interval=100"), snapshot, dir);
  }

  private static PingPongApi.Report counts(FakeNode node) {
    return node.api(PingPongApi.class).counts();
  }

  @Test
  void aNodeStartedFromASnapshotStartsFromItsCounts() {
    FakeNode a = node(1, null);
    FakeNode b = node(2, null);
    FakeNode c = node(3, null);
    net.connect(a, b);
    net.connect(a, c);
    loop.advanceMillis(300);
    net.disconnect(a, c);
    loop.advanceMillis(100);
    PingPongApi.Report before = counts(a);
    assertEquals(new Counts(7, 7, 7), before.total());

    byte[] snapshot = a.snapshot();
    net.stop(a);
    FakeNode restored = node(1, snapshot);

    assertEquals(before, counts(restored));
    assertArrayEquals(snapshot, restored.snapshot());

    // It goes on from there: counts add up, and Ping numbers continue.
    net.connect(restored, b);
    loop.advanceMillis(100);
    assertEquals(new Counts(5, 5, 5), counts(restored).peers().get(b.id().hex()));
    assertEquals(new Counts(8, 8, 8), counts(restored).total());
    FakeNetwork.Delivery lastPing =
        net.deliveries().stream()
            .filter(d -> d.from().equals(restored.id()) && d.code() == PingPongService.PING)
            .reduce((x, y) -> y)
            .orElseThrow();
    assertEquals(5L, Rlp.decode(lastPing.payload()).get(0).asLong());
  }

  @Test
  void anEmptyServiceSnapshotsAndRestores() {
    FakeNode a = node(1, null);
    FakeNode restored = node(4, a.snapshot());
    assertEquals(new PingPongApi.Report(Counts.ZERO, Map.of()), counts(restored));
  }

  @Test
  void theSnapshotFormatIsVersionedRlp() {
    FakeNode a = node(1, null);
    FakeNode b = node(2, null);
    net.connect(a, b);
    loop.advanceMillis(100);

    assertArrayEquals(
        Rlp.encodeListOf(1L, List.of(1L, 1L, 1L), List.of(List.of(b.id().bytes(), 1L, 1L, 1L))),
        a.snapshot());
  }

  static Stream<Arguments> corruptSnapshots() {
    byte[] id = FakeNode.id(2).bytes();
    return Stream.of(
        Arguments.of(new byte[0], "pingpong: bad snapshot: rlp: empty input"),
        Arguments.of(
            new byte[] {(byte) 0xc3, 1},
            "pingpong: bad snapshot: rlp: list size 3 exceeds input (1 byte left) at offset 0"),
        Arguments.of(
            Rlp.encodeListOf(2L, List.of(0L, 0L, 0L), List.of()),
            "pingpong: bad snapshot: format version 2, expected 1"),
        Arguments.of(
            Rlp.encodeListOf(1L),
            "pingpong: bad snapshot: rlp: index 1 out of range for list of 1 elements at offset 0"),
        Arguments.of(
            Rlp.encodeListOf(1L, List.of(1L, 1L, 1L), List.of(List.of(new byte[3], 1L, 1L, 1L))),
            "pingpong: bad snapshot: peer 0 has an id of 3 bytes, expected 32"),
        Arguments.of(
            Rlp.encodeListOf(
                1L, List.of(2L, 2L, 2L), List.of(List.of(id, 1L, 1L, 1L), List.of(id, 1L, 1L, 1L))),
            "pingpong: bad snapshot: peer 020202020202 appears twice"),
        Arguments.of(
            Rlp.encodeListOf(1L, List.of(5L, 4L, 4L), List.of(List.of(id, 4L, 4L, 4L))),
            "pingpong: bad snapshot: total Counts[sent=5, received=4, pongs=4] is not the sum"
                + " over the peers, Counts[sent=4, received=4, pongs=4]"),
        Arguments.of(
            Rlp.encodeListOf(1L, List.of(0L, 0L, 9L), List.of(List.of(id, 0L, 0L, 9L))),
            "pingpong: bad snapshot: 9 Pongs for 0 Pings sent"),
        Arguments.of(
            Rlp.encodeListOf(
                1L, List.of(Long.MAX_VALUE, 0L, 0L), List.of(List.of(id, Long.MAX_VALUE, 0L, 0L))),
            "pingpong: bad snapshot: a count of 9223372036854775807 leaves no room to count on"));
  }

  @Test
  void peerCountsThatSumPastLongMaxAreABadSnapshot() {
    long half = Long.MAX_VALUE / 2 + 1;
    byte[] two =
        Rlp.encodeListOf(
            1L,
            List.of(1L, 0L, 0L),
            List.of(
                List.of(FakeNode.id(2).bytes(), half, 0L, 0L),
                List.of(FakeNode.id(3).bytes(), half, 0L, 0L)));
    assertEquals(
        "pingpong: bad snapshot: the peers' sent counts sum past 9223372036854775807",
        assertThrows(IllegalArgumentException.class, () -> node(1, two)).getMessage());
    // Found by fuzzing: one count at the largest value, which the next Ping would overflow.
    byte[] fuzzed =
        java.util.Base64.getDecoder()
            .decode(
                "+FkBwwGAgPhS7KABAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIh//////////4CA5KACAAAAAAA"
                    + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAKAgA==");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> node(1, fuzzed));
    assertEquals(
        "pingpong: bad snapshot: a count of 9223372036854775807 leaves no room to count on",
        e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("corruptSnapshots")
  void aCorruptSnapshotIsRejectedAtCreateTime(byte[] snapshot, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> node(1, snapshot));
    assertEquals(message, e.getMessage());
  }
}
