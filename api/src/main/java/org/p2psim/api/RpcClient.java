package org.p2psim.api;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A JSON-RPC 2.0 client of one node. Results are mapped from JSON to the requested type; {@code
 * Object.class} gives maps, lists, strings, numbers and booleans.
 *
 * <p><b>Timeout.</b> Each call waits at most its client's call timeout for the answer, then fails
 * with {@link RpcError#TIMEOUT}; the call is not cancelled on the server. The clients p2psim makes
 * ({@link Node#client()}, a service's {@link org.p2psim.api.spi.RpcDialer} clients, and the rpc
 * module's {@code WebSocketRpcClient.connect} and {@code InMemoryRpc.connect}) use the default of
 * <b>60 seconds</b>; the rpc module's factories that take a {@code callTimeout} set another.
 */
public interface RpcClient extends AutoCloseable {

  /**
   * Calls {@code method} with positional parameters.
   *
   * @return the result, or fails with {@link RpcException} carrying the server's error code, or one
   *     of p2psim's client-side codes: the call timed out, the connection closed first, or the
   *     result does not map to {@code resultType}
   */
  <T> CompletionStage<T> call(String method, Class<T> resultType, Object... params);

  /**
   * Calls {@code method} with positional parameters, for a result whose type has type arguments:
   * {@code call("admin_peers", PeerInfo.LIST)}, {@code call("gossip_seen", new
   * TypeRef<List<SeenMessage>>() {})}.
   *
   * @return the result, or fails as {@link #call(String, Class, Object...)} does
   */
  <T> CompletionStage<T> call(String method, TypeRef<T> resultType, Object... params);

  /**
   * Subscribes through {@code <namespace>_subscribe}; each {@code <namespace>_subscription}
   * notification is mapped to {@code eventType} and handed to {@code onEvent}, in order.
   *
   * @param params the subscription's name, then its arguments, as go-ethereum takes them: {@code
   *     subscribe("admin", PeerEvent.class, onEvent, "peerEvents")}
   * @return the subscription once the server has answered with its id
   */
  <T> CompletionStage<Subscription> subscribe(
      String namespace, Class<T> eventType, Consumer<T> onEvent, Object... params);

  /** Closes the connection; pending calls fail. */
  @Override
  void close();

  /** A live subscription. */
  interface Subscription {
    /** The server's subscription id. */
    String id();

    /** Ends the subscription ({@code <namespace>_unsubscribe}). */
    CompletionStage<Void> unsubscribe();

    /**
     * Completes when the subscription ends: normally after {@link #unsubscribe()}, exceptionally
     * with an {@link RpcException} when the server ended it on error (e.g. the client was too slow)
     * or the connection closed.
     */
    CompletionStage<Void> closed();
  }
}
