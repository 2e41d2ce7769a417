package org.p2psim.api;

import java.util.function.Consumer;

/**
 * A two-way channel of JSON-RPC text messages, such as one WebSocket connection: what {@link
 * Node#serveRpc(RpcConnection)} bridges to a node's RPC server.
 */
public interface RpcConnection {

  /** Sends one JSON-RPC message (a request, response, notification or batch). */
  void send(String message);

  /** Sets the handler for each message that arrives. */
  void onMessage(Consumer<String> handler);

  /** Sets the handler run once when the connection closes, from either side. */
  void onClose(Runnable handler);

  /** Closes the connection. */
  void close();
}
