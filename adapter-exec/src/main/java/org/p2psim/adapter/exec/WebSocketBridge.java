package org.p2psim.adapter.exec;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import org.p2psim.api.RpcConnection;

/** Pipes a caller's {@link RpcConnection} to a node's RPC WebSocket, until either side closes. */
final class WebSocketBridge {
  private WebSocketBridge() {}

  static void bridge(Vertx vertx, String wsUrl, RpcConnection caller) {
    URI uri = URI.create(wsUrl);
    WebSocketClient client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions().setMaxMessageSize(16 * 1024 * 1024));
    client
        .connect(
            new WebSocketConnectOptions()
                .setHost(uri.getHost())
                .setPort(uri.getPort())
                .setURI(
                    uri.getRawPath() == null || uri.getRawPath().isEmpty()
                        ? "/"
                        : uri.getRawPath()))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                caller.close();
                client.close();
                return;
              }
              WebSocket ws = ar.result();
              ws.textMessageHandler(caller::send);
              ws.closeHandler(
                  v -> {
                    caller.close();
                    client.close();
                  });
              caller.onMessage(ws::writeTextMessage);
              caller.onClose(() -> ws.close());
            });
  }
}
