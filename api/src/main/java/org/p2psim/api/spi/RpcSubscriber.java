package org.p2psim.api.spi;

/**
 * The far end of one RPC subscription. An API method whose first parameter is an {@code
 * RpcSubscriber} is a subscription: {@code <namespace>_subscribe("<methodName>", args...)} calls it
 * with a fresh subscriber and the remaining arguments, and answers the subscription id. The method
 * keeps the subscriber and calls {@link #send(Object)} for each event until the subscription ends.
 *
 * <pre>{@code
 * public void peerEvents(RpcSubscriber subscriber) {
 *   AutoCloseable s = server.subscribe(subscriber::send);
 *   subscriber.onClose(() -> close(s));
 * }
 * }</pre>
 */
public interface RpcSubscriber {

  /** The subscription id the client was given. */
  String id();

  /**
   * Sends one notification ({@code <namespace>_subscription}) with {@code event} as its result,
   * mapped to JSON. Does nothing once the subscription has ended. Never blocks: a subscriber too
   * slow to keep up loses its subscription with an error.
   */
  void send(Object event);

  /** Whether the subscription has ended: unsubscribed, dropped or its connection closed. */
  boolean isClosed();

  /**
   * Runs {@code onClose} once when the subscription ends (at once if it already has). p2psim's RPC
   * server runs it on the same executor as the API's methods, so it needs no locks either.
   */
  void onClose(Runnable onClose);
}
