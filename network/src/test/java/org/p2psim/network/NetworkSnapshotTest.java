package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.network.NetworkTest.failure;
import static org.p2psim.network.NetworkTest.join;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.snapshot.NetworkSnapshot;
import org.p2psim.snapshot.SnapshotReader;

/** Saving and loading whole networks, over the test's adapter. */
class NetworkSnapshotTest {
  private final List<Network> networks = new ArrayList<>();

  @AfterEach
  void shutdown() {
    networks.forEach(Network::close);
  }

  private Network network(FakeAdapter adapter) {
    Network n = new Network(adapter, NetworkConfig.DEFAULT.withDefaultService("pingpong"));
    networks.add(n);
    return n;
  }

  private static NodeConfig keyed(int i) {
    String key = HexFormat.of().toHexDigits((byte) i).repeat(32);
    return NodeConfig.builder().privateKey(key).id(idOf(i)).name("n" + i).build();
  }

  private static NodeId idOf(int i) {
    return NodeId.parse(HexFormat.of().toHexDigits((byte) (0x80 + i)).repeat(32));
  }

  private static String conns(Network n) {
    return n.conns().stream()
        .filter(ConnState::up)
        .map(c -> c.one().shortHex() + "-" + c.other().shortHex())
        .sorted()
        .toList()
        .toString();
  }

  @Test
  void aRingWithOneNodeDownComesBackWithItsKeysStateAndConns() {
    FakeAdapter first = new FakeAdapter();
    Network net = network(first);
    List<NodeId> ids = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      ids.add(net.create(keyed(i)).id());
      join(net.start(ids.get(i - 1), Map.of("pingpong", new byte[] {(byte) i})));
    }
    join(net.connectRing(ids));
    join(net.stop(ids.get(3)));
    NetworkSnapshot saved = join(net.snapshot());
    String json = SnapshotReader.write(saved);
    assertFalse(json.contains("\"snapshots\":{}"), json);

    FakeAdapter second = new FakeAdapter();
    Network again = network(second);
    join(again.load(new SnapshotReader(Set.of("pingpong")).read(json), Duration.ofSeconds(5)));
    assertEquals(
        net.nodes().stream().map(n -> n.config().name() + " " + n.up()).toList(),
        again.nodes().stream().map(n -> n.config().name() + " " + n.up()).toList());
    assertEquals(ids, again.nodes().stream().map(NodeState::id).toList());
    assertEquals(conns(net), conns(again));
    assertEquals(2, again.conns().stream().filter(ConnState::up).count()); // 1-2, 2-3
    assertArrayEquals(new byte[] {2}, second.nodes.get(ids.get(1)).state.get("pingpong"));
    assertTrue(second.nodes.get(ids.get(3)).state.isEmpty()); // down: no state saved
    assertEquals("01".repeat(32), second.nodes.get(ids.get(0)).config.privateKey());
  }

  @Test
  void aLoadThatFailsLeavesNoNodeBehindAndSaysWhere() {
    FakeAdapter source = new FakeAdapter();
    Network net = network(source);
    for (int i = 1; i <= 3; i++) {
      net.create(keyed(i));
    }
    join(net.startAll());
    join(net.connectChain(List.of()));
    NetworkSnapshot saved = join(net.snapshot());

    FakeAdapter target = new FakeAdapter();
    target.failStart.add("n2");
    Network again = network(target);
    NetworkException e = failure(again.load(saved, Duration.ofSeconds(5)));
    assertEquals(NetworkException.Kind.FAILED, e.kind());
    assertEquals(
        "cannot load the snapshot: nodes[1] (n2): node " + idOf(2).hex() + " did not start: boom",
        e.getMessage());
    assertEquals(List.of(), again.nodes());
    assertEquals(List.of(), again.conns());
    assertTrue(target.nodes.values().stream().noneMatch(FakeAdapter.FakeNode::isUp));
  }

  @Test
  void aSnapshotWhoseNodesAreAlreadyHereIsRefusedBeforeAnythingIsMade() {
    FakeAdapter adapter = new FakeAdapter();
    Network net = network(adapter);
    net.create(keyed(1));
    NetworkSnapshot saved = join(net.snapshot());
    NetworkException e = failure(net.load(saved, Duration.ofSeconds(5)));
    assertEquals(NetworkException.Kind.CONFLICT, e.kind());
    assertEquals(
        "cannot load the snapshot: nodes[0]: node "
            + idOf(1).hex()
            + " already exists; nodes[0]: a node named \"n1\" already exists",
        e.getMessage());
    assertEquals(1, net.nodes().size());
    assertEquals(1, adapter.nodes.size());
  }
}
