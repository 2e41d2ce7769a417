package org.p2psim.rpc;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcError;
import org.p2psim.api.RpcException;
import org.p2psim.api.TypeRef;
import org.p2psim.rpc.internal.ClientCore;
import org.p2psim.rpc.internal.WebSocketWire;

/**
 * A JSON-RPC client over one WebSocket. Calls may be made from any thread and pipelined (many in
 * flight); each fails with an {@link RpcException} carrying the server's code, or {@link
 * RpcError#TIMEOUT} after the call timeout, or {@link RpcError#CONNECTION_CLOSED} when the
 * connection closes first.
 *
 * <p>Results, events and {@link #closed()} complete on this connection's Vert.x event loop: do not
 * block in what you chain on them.
 *
 * <pre>{@code
 * WebSocketRpcClient client = WebSocketRpcClient.connect(vertx, server.wsUrl()).toCompletableFuture().join();
 * Map<?, ?> modules = client.call("rpc_modules", Map.class).toCompletableFuture().join();
 * client.close();
 * }</pre>
 */
public final class WebSocketRpcClient implements RpcClient {
  /** The call timeout unless told otherwise: 60 s. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(60);

  /** The largest message the client accepts: 64 MiB. */
  public static final int MAX_MESSAGE_SIZE = 64 * 1024 * 1024;

  private final String url;
  private final Vertx vertx;
  private final ClientCore core;
  private final long sweeper;

  private WebSocketRpcClient(
      String url, Vertx vertx, WebSocketClient wsClient, WebSocket ws, Duration timeout) {
    this.url = url;
    this.vertx = vertx;
    WebSocketWire wire = new WebSocketWire(ws, wsClient, MAX_MESSAGE_SIZE);
    this.core = new ClientCore(wire, timeout);
    this.sweeper = vertx.setPeriodic(core.sweepPeriod().toMillis(), id -> core.sweep());
    wire.attach(core, () -> vertx.cancelTimer(sweeper));
  }

  /** Connects with the default call timeout of 60 s. */
  public static CompletionStage<WebSocketRpcClient> connect(Vertx vertx, String wsUrl) {
    return connect(vertx, wsUrl, DEFAULT_CALL_TIMEOUT);
  }

  /**
   * Connects to {@code wsUrl} ({@code ws://host:port[/path]}).
   *
   * @param callTimeout how long each call may wait for its response
   * @return the connected client, or fails with {@link RpcError#CONNECTION_CLOSED} saying why the
   *     connection could not be made
   * @throws IllegalArgumentException when the URL is not a {@code ws://} URL with a host
   */
  public static CompletionStage<WebSocketRpcClient> connect(
      Vertx vertx, String wsUrl, Duration callTimeout) {
    requireNonNull(vertx, "vertx");
    requireNonNull(wsUrl, "wsUrl");
    requireNonNull(callTimeout, "callTimeout");
    if (callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
    URI uri;
    try {
      uri = new URI(wsUrl);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "bad WebSocket URL \"" + wsUrl + "\": expected ws://<host>:<port>[/path]", e);
    }
    if (!"ws".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "bad WebSocket URL \"" + wsUrl + "\": expected ws://<host>:<port>[/path]");
    }
    int port = uri.getPort() == -1 ? 80 : uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    WebSocketClient wsClient =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxMessageSize(MAX_MESSAGE_SIZE)
                .setMaxFrameSize(MAX_MESSAGE_SIZE)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, callTimeout.toMillis())));
    CompletableFuture<WebSocketRpcClient> connected = new CompletableFuture<>();
    wsClient
        .connect(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(port).setURI(path))
        .onComplete(
            ar -> {
              if (ar.failed()) {
                wsClient.close();
                connected.completeExceptionally(
                    RpcError.CONNECTION_CLOSED.exception(
                        "cannot connect to " + wsUrl + ": " + ar.cause().getMessage()));
              } else {
                connected.complete(
                    new WebSocketRpcClient(wsUrl, vertx, wsClient, ar.result(), callTimeout));
              }
            });
    return connected;
  }

  @Override
  public <T> CompletionStage<T> call(String method, Class<T> resultType, Object... params) {
    return core.call(method, resultType, params);
  }

  @Override
  public <T> CompletionStage<T> call(String method, TypeRef<T> resultType, Object... params) {
    return core.call(method, resultType, params);
  }

  @Override
  public <T> CompletionStage<Subscription> subscribe(
      String namespace, Class<T> eventType, Consumer<T> onEvent, Object... params) {
    return core.subscribe(namespace, eventType, onEvent, params);
  }

  /**
   * Closes the connection: pending calls fail with "connection closed" at once, subscriptions end
   * (their {@code closed()} fails the same way), and {@link #closed()} completes once the socket is
   * closed. Idempotent.
   */
  @Override
  public void close() {
    vertx.cancelTimer(sweeper);
    core.close();
  }

  /** Completes when the connection has closed, from either side (e.g. the server went away). */
  public CompletionStage<Void> closed() {
    return core.closed();
  }

  /** Whether the connection is closed or closing. */
  public boolean isClosed() {
    return core.isClosed();
  }

  /** The URL this client connected to. */
  public String url() {
    return url;
  }

  @Override
  public String toString() {
    return "WebSocketRpcClient[" + url + "]";
  }
}
