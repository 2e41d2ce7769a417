package org.p2psim.adapter.inproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.PeerInfo;
import org.p2psim.api.Version;
import org.p2psim.testkit.Await;

/**
 * In-process nodes: the same node stack as a child, in this JVM, RPC in memory, linked by in-memory
 * pipes; {@link TcpInProcAdapterTest} and {@link PlaintextInProcAdapterTest} run the same tests
 * over loopback TCP and over pipes without encryption.
 */
class InProcAdapterTest {
  @TempDir Path dir;
  InProcAdapter adapter;

  @BeforeEach
  void adapter() {
    adapter = transport(InProcAdapter.builder(dir).eventLoops(2)).build();
  }

  /** How the nodes are linked: the default here, in-memory pipes. */
  InProcAdapter.Builder transport(InProcAdapter.Builder b) {
    return b;
  }

  @Test
  void pipesAreTheDefaultAndEncryptionCannotBeTurnedOffOverTcp() {
    InProcAdapter.Builder b = InProcAdapter.builder(dir);
    try (InProcAdapter defaults = b.build()) {
      assertEquals(Transport.PIPES, defaults.transport());
      assertTrue(defaults.encryption());
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> b.transport(Transport.TCP).encryption(false).build());
    assertEquals(
        "encryption can only be turned off on in-memory pipes, not over TCP: use"
            + " transport(Transport.PIPES)",
        e.getMessage());
  }

  @AfterEach
  void close() {
    adapter.close();
  }

  static <T> T join(CompletionStage<T> s) {
    return s.toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }

  private static NodeConfig pingpong(String name) {
    return NodeConfig.builder().name(name).services("pingpong").property("interval", 50).build();
  }

  @SuppressWarnings("unchecked")
  private static long pongs(InProcNode n) {
    Map<String, Object> counts = join(n.client().call("pingpong_counts", Map.class));
    return ((Number) ((Map<String, Object>) counts.get("total")).get("pongs")).longValue();
  }

  @Test
  void twoNodesConnectOverRlpxCountAndComeBackFromASnapshot() {
    InProcNode a = adapter.newNode(pingpong("a"));
    InProcNode b = adapter.newNode(pingpong("b"));
    join(a.start(Map.of()));
    join(b.start(Map.of()));
    assertTrue(a.addr().matches("enode://[0-9a-f]{128}@127\\.\\d+\\.\\d+\\.\\d+:\\d+"), a.addr());
    assertFalse(a.addr().equals(b.addr()));
    assertEquals(Version.clientId("a"), a.nodeInfo().name());
    assertTrue(join(a.client().call("admin_addPeer", Boolean.class, b.addr())));
    Await.until("a has 3 pongs", Duration.ofSeconds(10), () -> pongs(a) >= 3);
    List<PeerInfo> peers = join(a.client().call("admin_peers", PeerInfo.LIST));
    assertEquals(Version.clientId("b"), peers.get(0).name());

    join(a.client().call("admin_removePeer", Boolean.class, b.addr()));
    Await.until(
        "a has no peer",
        Duration.ofSeconds(10),
        () -> join(a.client().call("admin_peers", PeerInfo.LIST)).isEmpty());
    long saved = pongs(a);
    Map<String, byte[]> state = join(a.snapshots());
    join(a.stop());
    assertFalse(a.isUp());
    IllegalStateException down = assertThrows(IllegalStateException.class, a::addr);
    assertEquals("node a is down: it has no address until it is started", down.getMessage());
    join(a.start(state)); // a fresh stack, with the counts restored
    assertEquals(saved, pongs(a));
  }

  @Test
  void anUnknownServiceAndAnIdWithoutAKeyAreRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adapter.newNode(NodeConfig.builder().services("flod").build()));
    assertTrue(e.getMessage().startsWith("unknown service \"flod\""), e.getMessage());
    InProcNode a = adapter.newNode(pingpong("x"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adapter.newNode(NodeConfig.builder().id(a.id()).services("pingpong").build()));
    assertTrue(e.getMessage().contains("has an id but no private_key"), e.getMessage());
  }

  @Test
  void aRunningNodesIdIsRefusedAndADownOnesIsReplaced() {
    InProcNode first = adapter.newNode(pingpong("again"));
    join(first.start(Map.of()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> adapter.newNode(first.config()));
    assertEquals("a node with id " + first.id() + " already exists and is running", e.getMessage());
    join(first.stop());
    InProcNode second = adapter.newNode(first.config());
    CompletionException old =
        assertThrows(CompletionException.class, () -> join(first.start(Map.of())));
    assertEquals(
        "node again was replaced by a newer node with its id; start that one",
        old.getCause().getMessage());
    join(second.start(Map.of()));
    assertEquals(first.id(), second.id());
  }

  @Test
  void startingTwiceIsRefusedAndStoppingTwiceIsFine() {
    InProcNode a = adapter.newNode(pingpong("twice"));
    join(a.start(Map.of()));
    CompletionException e = assertThrows(CompletionException.class, () -> join(a.start(Map.of())));
    assertEquals("node twice already started", e.getCause().getMessage());
    join(a.stop());
    join(a.stop());
  }

  @Test
  void aStopAskedForWhileTheNodeStartsLeavesItDown() {
    InProcNode a = adapter.newNode(pingpong("hasty"));
    CompletionStage<Void> started = a.start(Map.of());
    join(a.stop());
    join(started); // the start itself succeeded; the stop came after it
    assertFalse(a.isUp());
    join(a.start(Map.of())); // and the node can start again
    assertTrue(a.isUp());
  }
}
