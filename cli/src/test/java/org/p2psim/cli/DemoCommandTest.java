package org.p2psim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.p2psim.api.Node;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.RpcClient;

/** The demo's links: an {@code admin_addPeer} that fails stops the demo with its error. */
class DemoCommandTest {

  private static Node node(String name, String enode, RpcClient client) {
    Node n = mock(Node.class);
    when(n.config()).thenReturn(NodeConfig.builder().name(name).services("pingpong").build());
    when(n.addr()).thenReturn(enode);
    when(n.client()).thenReturn(client);
    return n;
  }

  @Test
  void aFailedAddPeerFailsTheDemoWithItsError() {
    RpcClient good = mock(RpcClient.class);
    when(good.call(eq("admin_addPeer"), eq(Boolean.class), any()))
        .thenReturn(CompletableFuture.completedFuture(true));
    RpcClient bad = mock(RpcClient.class);
    when(bad.call(eq("admin_addPeer"), eq(Boolean.class), any()))
        .thenReturn(
            CompletableFuture.failedFuture(
                new IllegalArgumentException("-32602 bad enode URL \"enode://b\"")));
    List<Node> nodes =
        List.of(
            node("node01", "enode://a", good),
            node("node02", "enode://b", bad),
            node("node03", "enode://c", good));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                DemoCommand.addPeers(
                    nodes, List.of(new int[] {0, 1}, new int[] {1, 2}), Duration.ofSeconds(5)));
    assertEquals(
        "admin_addPeer on node02 for node03 failed: -32602 bad enode URL \"enode://b\"",
        e.getMessage());
  }

  @Test
  void anAddPeerThatAnswersFalseFailsTheDemoToo() throws Exception {
    RpcClient no = mock(RpcClient.class);
    when(no.call(eq("admin_addPeer"), eq(Boolean.class), any()))
        .thenReturn(CompletableFuture.completedFuture(false));
    List<Node> nodes = List.of(node("a", "enode://a", no), node("b", "enode://b", no));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                DemoCommand.addPeers(
                    nodes, List.<int[]>of(new int[] {0, 1}), Duration.ofSeconds(5)));
    assertEquals("admin_addPeer on a for b answered false instead of true", e.getMessage());
  }
}
