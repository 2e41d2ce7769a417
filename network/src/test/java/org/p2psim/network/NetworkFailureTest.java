package org.p2psim.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.p2psim.network.NetworkTest.failure;
import static org.p2psim.network.NetworkTest.join;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.p2psim.api.Node;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeId;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcException;

/** Failure paths at the adapter's boundary, with mocked nodes and RPC clients. */
class NetworkFailureTest {
  private static final NodeId A = NodeId.parse("aa".repeat(32));
  private static final NodeId B = NodeId.parse("bb".repeat(32));

  private final NodeAdapter adapter = mock(NodeAdapter.class);
  private final Network net =
      new Network(
          adapter,
          NetworkConfig.DEFAULT
              .withDefaultService("pingpong")
              .withConnectTimeout(Duration.ofSeconds(30)));

  @AfterEach
  void shutdown() {
    net.close();
  }

  /** A mocked node that starts, and whose client answers the peer-event subscription. */
  private Node node(NodeId id, RpcClient client, CompletableFuture<Void> eventsClosed) {
    Node node = MockNodes.node(id, client, eventsClosed);
    when(adapter.newNode(node.config().toBuilder().build())).thenReturn(node);
    return node;
  }

  private NodeId create(Node node) {
    when(adapter.newNode(any())).thenReturn(node);
    return net.create(node.config()).id();
  }

  @Test
  void aNodeThatFailsToStartIsNotUpAndCanBeStartedAgain() {
    Node node = node(A, mock(RpcClient.class), new CompletableFuture<>());
    when(node.start(any()))
        .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("port in use")))
        .thenReturn(CompletableFuture.completedFuture(null));
    NodeId id = create(node);
    NetworkException e = failure(net.start(id));
    assertEquals(NetworkException.Kind.FAILED, e.kind());
    assertEquals("node " + A.hex() + " did not start: port in use", e.getMessage());
    assertFalse(net.node(id).orElseThrow().up());
    join(net.start(id));
    assertTrue(net.node(id).orElseThrow().up());
  }

  @Test
  void aNodeWhosePeerEventsCannotBeWatchedIsStoppedAgain() {
    RpcClient client = mock(RpcClient.class);
    Node node = node(A, client, new CompletableFuture<>());
    when(client.subscribe(eq("admin"), eq(PeerEvent.class), any(), eq("peerEvents")))
        .thenReturn(
            CompletableFuture.failedFuture(
                new RpcException(-32601, "the method admin_subscribe does not exist")));
    NodeId id = create(node);
    NetworkException e = failure(net.start(id));
    assertEquals(
        "node " + A.hex() + " did not start: the method admin_subscribe does not exist",
        e.getMessage());
    verify(node).stop();
    assertFalse(net.node(id).orElseThrow().up());
  }

  @Test
  void anAddPeerErrorFailsTheConnectAtOnceNotAfterTheTimeout() {
    RpcClient clientA = mock(RpcClient.class);
    NodeId a = create(node(A, clientA, new CompletableFuture<>()));
    NodeId b = create(node(B, mock(RpcClient.class), new CompletableFuture<>()));
    join(net.startAll());
    when(clientA.call(eq("admin_addPeer"), eq(Boolean.class), anyString()))
        .thenReturn(
            CompletableFuture.failedFuture(new RpcException(-32000, "invalid enode: bad key")));
    long start = System.nanoTime();
    NetworkException e = failure(net.connect(a, b));
    assertTrue((System.nanoTime() - start) < Duration.ofSeconds(10).toNanos());
    assertEquals("admin_addPeer on " + A.hex() + " failed: invalid enode: bad key", e.getMessage());
    assertFalse(net.conn(a, b).orElseThrow().up());
  }

  @Test
  void onlyTheDiallersDialfailEndsAConnectAndNeverTakesAnUpConnDown() throws Exception {
    RpcClient clientA = mock(RpcClient.class);
    RpcClient clientB = mock(RpcClient.class);
    NodeId a = create(node(A, clientA, new CompletableFuture<>()));
    NodeId b = create(node(B, clientB, new CompletableFuture<>()));
    join(net.startAll());
    Consumer<PeerEvent> atA = peerEvents(clientA);
    Consumer<PeerEvent> atB = peerEvents(clientB);
    when(clientA.call(eq("admin_addPeer"), eq(Boolean.class), anyString()))
        .thenReturn(CompletableFuture.completedFuture(true));

    CompletableFuture<Void> connect = net.connect(a, b).toCompletableFuture();
    atB.accept(PeerEvent.dialFailed(A, "b's own dial to a")); // not the dial this connect asked for
    Thread.sleep(200);
    assertFalse(connect.isDone());
    atA.accept(PeerEvent.add(B, "127.0.0.1:1", "127.0.0.1:2"));
    join(connect);
    atA.accept(PeerEvent.dialFailed(B, "already dialling")); // a second dial that crossed the first
    assertTrue(net.conn(a, b).orElseThrow().up());

    when(clientA.call(eq("admin_removePeer"), eq(Boolean.class), anyString()))
        .thenReturn(CompletableFuture.completedFuture(true));
    CompletableFuture<Void> disconnect = net.disconnect(a, b).toCompletableFuture();
    atA.accept(PeerEvent.drop(B, "disconnect requested", "127.0.0.1:1", "127.0.0.1:2"));
    join(disconnect);
    CompletableFuture<Void> again = net.connect(a, b).toCompletableFuture();
    atA.accept(PeerEvent.dialFailed(B, "too many peers"));
    NetworkException e = failure(again);
    assertEquals(
        "cannot connect " + A.hex() + " to " + B.hex() + ": too many peers", e.getMessage());
    assertFalse(net.conn(a, b).orElseThrow().up());
  }

  /** The listener the network gave this client's peer-event subscription. */
  @SuppressWarnings("unchecked")
  private static Consumer<PeerEvent> peerEvents(RpcClient client) {
    ArgumentCaptor<Consumer<PeerEvent>> listener = ArgumentCaptor.forClass(Consumer.class);
    verify(client)
        .subscribe(eq("admin"), eq(PeerEvent.class), listener.capture(), eq("peerEvents"));
    return listener.getValue();
  }

  @Test
  void aSubscriptionThatEndsTakesTheNodeDown() {
    CompletableFuture<Void> eventsClosed = new CompletableFuture<>();
    Node node = node(A, mock(RpcClient.class), eventsClosed);
    NodeId id = create(node);
    join(net.start(id));
    Recorder events = new Recorder(Map.of(id, "a"));
    net.subscribe(events);
    eventsClosed.completeExceptionally(new RpcException(-32003, "connection closed"));
    assertEquals(java.util.List.of("node live a up=false"), events.lines(1));
    assertFalse(net.node(id).orElseThrow().up());
    verify(node, never()).stop(); // it went down by itself
  }

  @Test
  void aStopThatFailsLeavesTheNodeUp() {
    Node node = node(A, mock(RpcClient.class), new CompletableFuture<>());
    when(node.stop())
        .thenReturn(CompletableFuture.failedFuture(new IllegalStateException("stuck")));
    NodeId id = create(node);
    join(net.start(id));
    NetworkException e = failure(net.stop(id));
    assertEquals("node " + A.hex() + " did not stop: stuck", e.getMessage());
    assertTrue(net.node(id).orElseThrow().up());
  }
}
