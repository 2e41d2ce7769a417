package org.p2psim.rpc;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2psim.rpc.internal.Dispatcher;
import org.p2psim.rpc.internal.HttpHandler;
import org.p2psim.rpc.internal.WebSocketTransport;

/**
 * Serves one {@link RpcServer} on one port over WebSocket (any path) and HTTP POST ({@code
 * Content-Type: application/json}), so that both {@code wscat} and {@code curl} work:
 *
 * <pre>
 * curl -s -H 'Content-Type: application/json' \
 *   -d '{"jsonrpc":"2.0","id":1,"method":"rpc_modules"}' http://127.0.0.1:PORT
 * </pre>
 *
 * <p>Other HTTP methods answer 405, a body over the server's limit 413 and a WebSocket message over
 * it -32600 (or a close with status 1009 when one frame alone is over it), each with a JSON-RPC
 * error that says why. Binds to 127.0.0.1 unless told otherwise.
 */
public final class RpcHttpServer {
  /** Where the server binds by default: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  private final HttpServer server;
  private final String host;
  private final int port;

  private RpcHttpServer(HttpServer server, String host, int port) {
    this.server = server;
    this.host = host;
    this.port = port;
  }

  /** Starts serving {@code rpc} on 127.0.0.1 at a free port. */
  public static CompletionStage<RpcHttpServer> start(Vertx vertx, RpcServer rpc) {
    return start(vertx, rpc, DEFAULT_HOST, 0);
  }

  /**
   * Starts serving {@code rpc} on {@code host}:{@code port} (0 for a free port).
   *
   * @return completes when the port is bound, or fails saying why it could not be
   */
  public static CompletionStage<RpcHttpServer> start(
      Vertx vertx, RpcServer rpc, String host, int port) {
    requireNonNull(vertx, "vertx");
    requireNonNull(rpc, "rpc");
    requireNonNull(host, "host");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    Dispatcher dispatcher = rpc.dispatcher();
    int max = dispatcher.maxMessageSize();
    HttpServer server =
        vertx.createHttpServer(
            new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setMaxWebSocketFrameSize(max)
                .setMaxWebSocketMessageSize(max)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false)
                .setRegisterWebSocketWriteHandlers(false));
    server.webSocketHandler(ws -> WebSocketTransport.serve(dispatcher, ws));
    server.requestHandler(new HttpHandler(dispatcher));
    CompletableFuture<RpcHttpServer> started = new CompletableFuture<>();
    server
        .listen()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                started.completeExceptionally(
                    new IllegalStateException(
                        "cannot serve JSON-RPC on "
                            + host
                            + ":"
                            + port
                            + ": "
                            + ar.cause().getMessage(),
                        ar.cause()));
              } else {
                started.complete(new RpcHttpServer(server, host, ar.result().actualPort()));
              }
            });
    return started;
  }

  /** The bound port. */
  public int port() {
    return port;
  }

  /** The bound host. */
  public String host() {
    return host;
  }

  /** {@code ws://<host>:<port>}. */
  public String wsUrl() {
    return "ws://" + urlHost() + ":" + port;
  }

  /** {@code http://<host>:<port>}. */
  public String httpUrl() {
    return "http://" + urlHost() + ":" + port;
  }

  private String urlHost() {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * Stops listening and closes every connection (their subscriptions end). The {@link RpcServer}
   * stays usable over other transports.
   */
  public CompletionStage<Void> close() {
    return server.close().toCompletionStage();
  }

  @Override
  public String toString() {
    return "RpcHttpServer[" + httpUrl() + "]";
  }
}
