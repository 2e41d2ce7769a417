package org.p2psim.rpc.internal;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server-side WebSocket connection as a {@link Transport}: each text or binary message is a
 * JSON-RPC message; reading pauses while the session is over its limit.
 */
public final class WebSocketTransport implements Transport, FrameAssembler.Sink {
  private static final Logger log = LoggerFactory.getLogger(WebSocketTransport.class);

  private final ServerWebSocket ws;
  private final Context context;
  private final FrameAssembler assembler;
  private final Handler<AsyncResult<Void>> onWritten = ar -> session().written();
  private Session session;
  private boolean paused; // touched on the context only

  private WebSocketTransport(ServerWebSocket ws, int maxMessageSize) {
    this.ws = ws;
    this.context = Vertx.currentContext();
    this.assembler = new FrameAssembler(maxMessageSize, this);
  }

  /** Serves {@code dispatcher} on {@code ws}; call on the WebSocket's context. */
  public static void serve(Dispatcher dispatcher, ServerWebSocket ws) {
    WebSocketTransport t = new WebSocketTransport(ws, dispatcher.maxMessageSize());
    try {
      t.session = dispatcher.open(t, true);
    } catch (IllegalStateException e) {
      ws.close((short) 1001, "server closed");
      return;
    }
    Session s = t.session;
    ws.frameHandler(t.assembler::frame);
    ws.closeHandler(v -> s.closed());
    ws.exceptionHandler(e -> t.failed(e));
    log.debug("WebSocket RPC connection from {}", ws.remoteAddress());
  }

  /**
   * Netty reports a frame over the limit (or another protocol violation) as an exception, after
   * which Vert.x closes the channel at once, dropping anything not yet flushed. So the close frame
   * with Netty's status (1009 for a frame too big) is written and flushed straight to the channel
   * ({@link VertxInternals#closeNow}), for the client to learn why.
   */
  private void failed(Throwable e) {
    if (e instanceof CorruptedWebSocketFrameException c) {
      int status = c.closeStatus().code();
      String reason =
          status == 1009
              ? "frame exceeds the limit of " + assembler.max() + " bytes"
              : "protocol violation";
      log.debug("WebSocket {}: closing with {}: {}", ws.remoteAddress(), status, e.getMessage());
      VertxInternals.closeNow(ws, status, reason);
    } else {
      log.debug("WebSocket {}: {}", ws.remoteAddress(), e.toString());
    }
  }

  private Session session() {
    return session;
  }

  @Override
  public void message(byte[] data) {
    session.onMessage(data, 0, data.length);
    if (!paused && session.overLimit()) {
      paused = true;
      ws.pause();
    }
  }

  @Override
  public void tooLarge(long size) {
    session.tooLarge(size);
  }

  @Override
  public void write(String message) {
    ws.writeTextMessage(message).onComplete(onWritten);
  }

  @Override
  public void wakeUp() {
    context.runOnContext(
        v -> {
          if (paused && !session.overLimit()) {
            paused = false;
            ws.resume();
          }
        });
  }

  @Override
  public void close() {
    ws.close();
  }
}
