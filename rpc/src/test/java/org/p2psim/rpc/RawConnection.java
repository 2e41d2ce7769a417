package org.p2psim.rpc;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.p2psim.api.RpcConnection;

/** An {@link RpcConnection} whose far end is the test: it sends raw text and reads raw text. */
final class RawConnection implements RpcConnection {
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  private volatile Consumer<String> handler;
  private volatile Runnable onClose;
  private volatile boolean closed;

  static RawConnection serving(RpcServer server) {
    RawConnection c = new RawConnection();
    InMemoryRpc.serve(server, c);
    return c;
  }

  @Override
  public void send(String message) {
    received.add(message);
  }

  @Override
  public void onMessage(Consumer<String> handler) {
    this.handler = handler;
  }

  @Override
  public void onClose(Runnable handler) {
    this.onClose = handler;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      if (onClose != null) {
        onClose.run();
      }
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** Sends {@code message} to the server. */
  void deliver(String message) {
    handler.accept(message);
  }

  /** Sends {@code request} and returns the next message, waiting up to 5 s. */
  String ask(String request) {
    deliver(request);
    return next();
  }

  String next() {
    try {
      String m = received.poll(5, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no message within 5 s");
      }
      return m;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next message within {@code ms}, or null. */
  String poll(long ms) {
    try {
      return received.poll(ms, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
