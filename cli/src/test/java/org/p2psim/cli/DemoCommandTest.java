package org.p2psim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.p2psim.api.Link;
import org.p2psim.api.Node;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcException;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.network.NetworkException;
import picocli.CommandLine.TypeConversionException;

/** The demo's links, through the network: an admin_addPeer that fails stops it with its error. */
class DemoCommandTest {

  private static Node node(int i, RpcClient client) {
    NodeId id = NodeId.parse(HexFormat.of().toHexDigits((byte) i).repeat(32));
    Node n = mock(Node.class);
    when(n.id()).thenReturn(id);
    when(n.config())
        .thenReturn(NodeConfig.builder().id(id).name("node0" + i).services("pingpong").build());
    when(n.addr()).thenReturn("enode://" + "11".repeat(64) + "@127.0.0.1:" + (30300 + i));
    when(n.client()).thenReturn(client);
    when(n.start(any())).thenReturn(CompletableFuture.completedFuture(null));
    when(n.stop()).thenReturn(CompletableFuture.completedFuture(null));
    when(n.isUp()).thenReturn(true);
    when(n.nodeInfo())
        .thenReturn(new NodeInfo(id.hex(), "node0" + i, null, null, null, null, null, Map.of()));
    RpcClient.Subscription events = mock(RpcClient.Subscription.class);
    when(events.closed()).thenReturn(new CompletableFuture<>());
    when(client.subscribe(eq("admin"), eq(PeerEvent.class), any(), eq("peerEvents")))
        .thenReturn(CompletableFuture.completedFuture(events));
    return n;
  }

  @Test
  void aFailedAddPeerFailsTheDemosLinksWithItsError() {
    RpcClient bad = mock(RpcClient.class);
    when(bad.call(eq("admin_addPeer"), eq(Boolean.class), any()))
        .thenReturn(
            CompletableFuture.failedFuture(
                new RpcException(-32602, "invalid argument 0: bad enode URL")));
    List<Node> nodes = List.of(node(1, bad), node(2, mock(RpcClient.class)));
    NodeAdapter adapter = mock(NodeAdapter.class);
    when(adapter.newNode(any())).thenReturn(nodes.get(0), nodes.get(1));
    try (Network net =
        new Network(adapter, NetworkConfig.DEFAULT.withConnectTimeout(Duration.ofSeconds(30)))) {
      List<NodeId> ids = new ArrayList<>();
      for (Node n : nodes) {
        ids.add(net.create(n.config()).id());
      }
      net.startAll().toCompletableFuture().join();
      CompletionException e =
          assertThrows(
              CompletionException.class,
              () ->
                  DemoCommand.connect(net, DemoCommand.Topology.chain, ids)
                      .toCompletableFuture()
                      .join());
      NetworkException n = assertInstanceOf(NetworkException.class, e.getCause());
      assertTrue(
          n.getMessage()
              .matches(
                  "1 of 1 connections failed: \\{0101\\w*-0202\\w*=admin_addPeer on 0101\\w* failed:"
                      + " invalid argument 0: bad enode URL\\}"),
          n.getMessage());
    }
  }

  @Test
  void eachTopologysNumberOfLinks() {
    assertEquals(5, DemoCommand.links(5, DemoCommand.Topology.ring));
    assertEquals(1, DemoCommand.links(2, DemoCommand.Topology.ring));
    assertEquals(4, DemoCommand.links(5, DemoCommand.Topology.chain));
    assertEquals(4, DemoCommand.links(5, DemoCommand.Topology.star));
    assertEquals(10, DemoCommand.links(5, DemoCommand.Topology.full));
  }

  @Test
  void eachAdapterHasItsRangeOfNodesAndAFullMeshIsBounded() {
    DemoCommand.check(DemoCommand.AdapterName.exec, 200, DemoCommand.Topology.full);
    DemoCommand.check(DemoCommand.AdapterName.inproc, 10_000, DemoCommand.Topology.ring);
    assertEquals(
        "bad --nodes 201: expected 2 to 200 on the exec adapter",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    DemoCommand.check(DemoCommand.AdapterName.exec, 201, DemoCommand.Topology.ring))
            .getMessage());
    assertEquals(
        "bad --nodes 1: expected 2 to 10000 on the inproc adapter",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    DemoCommand.check(DemoCommand.AdapterName.inproc, 1, DemoCommand.Topology.ring))
            .getMessage());
    assertEquals(
        "bad --nodes 201 for --topology full: expected at most 200 (a full mesh of n nodes has"
            + " n(n-1)/2 links)",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    DemoCommand.check(
                        DemoCommand.AdapterName.inproc, 201, DemoCommand.Topology.full))
            .getMessage());
  }

  @Test
  void aConnectionMayTakeLongerInALargeRun() {
    assertEquals(Duration.ofSeconds(60), DemoCommand.connectTimeout(5));
    assertEquals(Duration.ofSeconds(60), DemoCommand.connectTimeout(1500));
    assertEquals(Duration.ofSeconds(200), DemoCommand.connectTimeout(5000));
    assertEquals(Duration.ofSeconds(400), DemoCommand.connectTimeout(10_000));
  }

  @Test
  void aLargeRingPingsLessOften() {
    assertEquals(Duration.ofMillis(500), DemoCommand.pingInterval(5));
    assertEquals(Duration.ofMillis(500), DemoCommand.pingInterval(500));
    assertEquals(Duration.ofMillis(1000), DemoCommand.pingInterval(1000));
    assertEquals(Duration.ofMillis(10_000), DemoCommand.pingInterval(10_000));
  }

  @Test
  void aLinkIsReadFromItsFieldsAndABadOneSaysWhy() {
    DemoCommand.LinkConverter c = new DemoCommand.LinkConverter();
    assertEquals(
        Link.of(Duration.ofMillis(50), Duration.ofMillis(5), 1_000_000),
        c.convert("latency=50ms, jitter=5ms,bandwidth=1000000"));
    assertEquals(Link.NONE.withBandwidth(8000), c.convert("bandwidth=8000"));
    TypeConversionException e =
        assertThrows(TypeConversionException.class, () -> c.convert("delay=5ms"));
    assertTrue(
        e.getMessage().startsWith("bad link \"delay=5ms\": expected latency="), e.getMessage());
    e = assertThrows(TypeConversionException.class, () -> c.convert("latency=-5ms"));
    assertTrue(e.getMessage().contains("latency must not be negative"), e.getMessage());
    e = assertThrows(TypeConversionException.class, () -> c.convert("bandwidth=lots"));
    assertTrue(e.getMessage().endsWith("bandwidth \"lots\" is not a whole number of bits/s"));
  }

  @Test
  void aLinkFieldGivenTwiceIsRefused() {
    TypeConversionException e =
        assertThrows(
            TypeConversionException.class,
            () -> new DemoCommand.LinkConverter().convert("latency=5ms,latency=1h"));
    assertEquals("bad link \"latency=5ms,latency=1h\": latency is given twice", e.getMessage());
  }

  @Test
  void aDurationIsFromNoneToADay() {
    DemoCommand.DurationConverter c = new DemoCommand.DurationConverter();
    assertEquals(Duration.ofSeconds(30), c.convert("30s"));
    assertEquals(Duration.ofHours(24), c.convert("PT24H"));
    assertEquals(Duration.ZERO, c.convert("0s"));
    for (String bad : List.of("-5s", "PT-5S", "25h", "9999999999999h")) {
      TypeConversionException e =
          assertThrows(TypeConversionException.class, () -> c.convert(bad), bad);
      assertTrue(
          e.getMessage().startsWith("bad duration \"" + bad + "\": expected "), e.getMessage());
    }
  }
}
