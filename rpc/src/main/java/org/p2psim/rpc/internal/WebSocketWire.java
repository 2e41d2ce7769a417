package org.p2psim.rpc.internal;

import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of one WebSocket: sends a {@link ClientCore}'s requests, and feeds it whole
 * messages (text or binary, up to a size limit) and the close.
 */
public final class WebSocketWire implements ClientCore.Wire, FrameAssembler.Sink {
  private static final Logger log = LoggerFactory.getLogger(WebSocketWire.class);

  private final WebSocket ws;
  private final WebSocketClient owner;
  private final FrameAssembler assembler;
  private ClientCore core;

  public WebSocketWire(WebSocket ws, WebSocketClient owner, int maxMessageSize) {
    this.ws = ws;
    this.owner = owner;
    this.assembler = new FrameAssembler(maxMessageSize, this);
  }

  /** Starts feeding {@code core}; {@code onClosed} runs once the socket has closed. */
  public void attach(ClientCore core, Runnable onClosed) {
    this.core = core;
    ws.frameHandler(assembler::frame);
    ws.closeHandler(
        v -> {
          onClosed.run();
          Short status = ws.closeStatusCode();
          core.closed(
              "connection closed by the server"
                  + (status == null || status == 1000 || status == 1005
                      ? ""
                      : " ("
                          + status
                          + (ws.closeReason() == null ? "" : " " + ws.closeReason())
                          + ")"));
          owner.close();
        });
    ws.exceptionHandler(e -> log.debug("RPC WebSocket {}: {}", ws.remoteAddress(), e.toString()));
  }

  @Override
  public void send(String message) {
    if (ws.isClosed()) {
      throw new IllegalStateException("the WebSocket is closed");
    }
    ws.writeTextMessage(message);
  }

  @Override
  public void close() {
    ws.close().onComplete(ar -> owner.close());
  }

  @Override
  public void message(byte[] data) {
    core.onMessage(data, 0, data.length);
  }

  @Override
  public void tooLarge(long size) {
    log.warn(
        "closing RPC WebSocket {}: the server sent a message of {} bytes, over the limit of {}",
        ws.remoteAddress(),
        size,
        assembler.max());
    ws.close((short) 1009, "message exceeds the limit of " + assembler.max() + " bytes");
  }
}
