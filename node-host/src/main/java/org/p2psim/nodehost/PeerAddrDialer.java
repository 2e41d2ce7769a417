package org.p2psim.nodehost;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.p2psim.api.NodeId;
import org.p2psim.api.RpcClient;
import org.p2psim.api.TypeRef;
import org.p2psim.api.spi.RpcDialer;
import org.p2psim.rpc.WebSocketRpcClient;

/**
 * Reaches other nodes' RPC by id, through the WebSocket URLs the parent passed in {@code
 * peer_addrs}. A client connects on first use and is kept for the node's life.
 */
public final class PeerAddrDialer implements RpcDialer {
  private final Vertx vertx;
  private final Map<NodeId, String> addrs;
  private final Map<NodeId, RpcClient> clients = new ConcurrentHashMap<>();

  /** Dials the nodes in {@code addrs} (node id to {@code ws://} URL). */
  public PeerAddrDialer(Vertx vertx, Map<NodeId, String> addrs) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.addrs = Map.copyOf(addrs);
  }

  @Override
  public RpcClient dial(NodeId id) {
    String url = addrs.get(requireNonNull(id, "id"));
    if (url == null) {
      throw new IllegalArgumentException(
          "no RPC address for node " + id + ": known nodes are " + addrs.keySet());
    }
    return clients.computeIfAbsent(id, k -> new LazyClient(WebSocketRpcClient.connect(vertx, url)));
  }

  /** An {@link RpcClient} whose connection may still be on its way. */
  private static final class LazyClient implements RpcClient {
    private final CompletionStage<WebSocketRpcClient> client;

    LazyClient(CompletionStage<WebSocketRpcClient> client) {
      this.client = client;
    }

    @Override
    public <T> CompletionStage<T> call(String method, Class<T> resultType, Object... params) {
      return client.thenCompose(c -> c.call(method, resultType, params));
    }

    @Override
    public <T> CompletionStage<T> call(String method, TypeRef<T> resultType, Object... params) {
      return client.thenCompose(c -> c.call(method, resultType, params));
    }

    @Override
    public <T> CompletionStage<Subscription> subscribe(
        String namespace, Class<T> eventType, Consumer<T> onEvent, Object... params) {
      return client.thenCompose(c -> c.subscribe(namespace, eventType, onEvent, params));
    }

    @Override
    public void close() {
      client.thenAccept(WebSocketRpcClient::close);
    }
  }
}
