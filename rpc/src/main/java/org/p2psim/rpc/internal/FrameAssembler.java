package org.p2psim.rpc.internal;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;

/**
 * Joins WebSocket frames into messages, up to a size limit. A message over the limit is not kept:
 * its frames are counted and dropped, and {@link Sink#tooLarge(long)} is called at its last frame,
 * so that memory stays bounded and the connection can go on.
 */
final class FrameAssembler {

  /** Where whole messages go. */
  interface Sink {
    void message(byte[] data);

    void tooLarge(long size);
  }

  private final int max;
  private final Sink sink;
  private Buffer parts;
  private long size;
  private boolean inMessage;

  FrameAssembler(int max, Sink sink) {
    this.max = max;
    this.sink = sink;
  }

  int max() {
    return max;
  }

  void frame(WebSocketFrame frame) {
    if (frame.isText() || frame.isBinary()) {
      parts = null;
      size = 0;
      inMessage = true;
    } else if (!frame.isContinuation() || !inMessage) {
      return; // ping, pong, close: Vert.x answers them
    }
    Buffer data = frame.binaryData();
    size += data.length();
    boolean last = frame.isFinal();
    if (size > max) {
      parts = null;
    } else if (last && parts == null) {
      inMessage = false;
      sink.message(data.getBytes());
      return;
    } else {
      if (parts == null) {
        parts = Buffer.buffer((int) Math.min(max, size * 2));
      }
      parts.appendBuffer(data);
    }
    if (last) {
      inMessage = false;
      Buffer whole = parts;
      parts = null;
      if (size > max) {
        sink.tooLarge(size);
      } else {
        sink.message(whole.getBytes());
      }
    }
  }
}
