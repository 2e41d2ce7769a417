package org.p2psim.api;

import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A JSON-RPC 2.0 client of one node. Results are mapped from JSON to the requested type; {@code
 * Object.class} gives maps, lists, strings, numbers and booleans.
 */
public interface RpcClient extends AutoCloseable {

  /**
   * Calls {@code method} with positional parameters.
   *
   * @return the result, or fails with {@link RpcException} carrying the server's error code
   */
  <T> CompletionStage<T> call(String method, Class<T> resultType, Object... params);

  /**
   * Subscribes through {@code <namespace>_subscribe}; each {@code <namespace>_subscription}
   * notification is mapped to {@code eventType} and handed to {@code onEvent}.
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

    /** Completes when the subscription ends, exceptionally when the server ended it on error. */
    CompletionStage<Void> closed();
  }
}
