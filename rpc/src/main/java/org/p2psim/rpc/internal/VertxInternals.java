package org.p2psim.rpc.internal;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.http.WebSocketInternal;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The one place the rpc module uses Vert.x's internal API ({@code io.vertx.core.internal}), which
 * Vert.x may change in any release, minor ones included: a Vert.x upgrade that breaks rpc breaks
 * here and nowhere else. (The p2p module has its own seam; rpc does not depend on p2p.)
 *
 * <p>Why it is needed: when Netty finds a WebSocket frame over the limit, or another protocol
 * violation, Vert.x closes the channel at once and drops what is not yet flushed, so {@code
 * ServerWebSocket.close(status, reason)} never reaches the client. Writing the close frame straight
 * to the Netty channel is the only way to tell the client why (1009 for a frame too big). Tests
 * also hook Vert.x's blocked-thread checker here, to fail when an event loop is blocked.
 */
public final class VertxInternals {
  private VertxInternals() {}

  /**
   * Writes and flushes a close frame with {@code status} and {@code reason} straight to the
   * socket's channel, or closes the socket the public way if it has no channel to write to.
   */
  static void closeNow(ServerWebSocket ws, int status, String reason) {
    if (ws instanceof WebSocketInternal internal) {
      internal.channelHandlerContext().writeAndFlush(new CloseWebSocketFrame(status, reason));
    } else {
      ws.close((short) status, reason);
    }
  }

  /**
   * Calls {@code onBlocked} with the thread and how long it has been busy whenever Vert.x's
   * blocked-thread checker finds one of {@code vertx}'s event loops running one task past {@link
   * io.vertx.core.VertxOptions#getMaxEventLoopExecuteTime()}. Vert.x only logs a warning; tests use
   * this to fail instead, so that blocking an event loop is caught where it happens.
   */
  public static void onBlockedThread(Vertx vertx, BiConsumer<Thread, Duration> onBlocked) {
    requireNonNull(onBlocked, "onBlocked");
    ((VertxInternal) vertx)
        .blockedThreadChecker()
        .setThreadBlockedHandler(e -> onBlocked.accept(e.thread(), Duration.ofNanos(e.duration())));
  }
}
