package org.p2psim.network;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.p2psim.api.Node;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.RpcClient;

/** Mockito nodes for the network's unit tests at the adapter's boundary. */
final class MockNodes {
  private MockNodes() {}

  /**
   * A mocked pingpong node named after its id whose calls succeed, with {@code client} as its RPC
   * client; its peer-event subscription ends when {@code eventsEnded} does.
   */
  static Node node(NodeId id, RpcClient client, CompletableFuture<Void> eventsEnded) {
    Node node = mock(Node.class);
    NodeConfig config =
        NodeConfig.builder().id(id).name("n" + id.shortHex()).services("pingpong").build();
    when(node.id()).thenReturn(id);
    when(node.config()).thenReturn(config);
    when(node.addr()).thenReturn("enode://" + "11".repeat(64) + "@127.0.0.1:1");
    when(node.nodeInfo())
        .thenReturn(new NodeInfo(id.hex(), "n", null, null, null, null, null, Map.of()));
    when(node.start(any())).thenReturn(CompletableFuture.completedFuture(null));
    when(node.stop()).thenReturn(CompletableFuture.completedFuture(null));
    when(node.setPartition(any())).thenReturn(CompletableFuture.completedFuture(null));
    when(node.setLink(any(), any())).thenReturn(CompletableFuture.completedFuture(null));
    when(node.setDefaultLink(any())).thenReturn(CompletableFuture.completedFuture(null));
    when(node.client()).thenReturn(client);
    when(node.isUp()).thenReturn(true);
    RpcClient.Subscription sub = mock(RpcClient.Subscription.class);
    when(sub.closed()).thenReturn(eventsEnded);
    when(client.subscribe(eq("admin"), eq(PeerEvent.class), any(), eq("peerEvents")))
        .thenReturn(CompletableFuture.completedFuture(sub));
    return node;
  }
}
