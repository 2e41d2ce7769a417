package org.p2psim.p2p;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.p2psim.p2p.internal.VertxInternals;

/** A TCP connection as a {@link Duplex}: Vert.x's socket, unchanged. */
final class SocketDuplex implements Duplex {
  private final NetSocket socket;

  SocketDuplex(NetSocket socket) {
    this.socket = socket;
  }

  @Override
  public void handler(Handler<Buffer> handler) {
    socket.handler(handler);
  }

  @Override
  public void closeHandler(Handler<Void> handler) {
    socket.closeHandler(handler);
  }

  @Override
  public void exceptionHandler(Handler<Throwable> handler) {
    socket.exceptionHandler(handler);
  }

  @Override
  public Future<Void> write(Buffer data) {
    return socket.write(data);
  }

  @Override
  public void end() {
    socket.end();
  }

  /**
   * Closes at once, dropping what is not yet sent: Vert.x's own close first flushes what is queued,
   * which never ends if the peer does not read.
   */
  @Override
  public void close() {
    VertxInternals.closeAtOnce(socket);
  }

  @Override
  public String localAddress() {
    return String.valueOf(socket.localAddress());
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(socket.remoteAddress());
  }
}
