package org.p2psim.p2p;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * The byte stream under one RLPx connection: a TCP socket ({@link SocketDuplex}) or one end of an
 * in-memory {@link Pipe}. {@link RlpxStream} and {@link Connection} see only this, so the
 * handshake, the framing and the base protocol are the same code over both.
 *
 * <p>Handlers run on the owning node's context; writes are made from it.
 */
interface Duplex {
  /** Sets what receives the bytes that arrive, in order. */
  void handler(Handler<Buffer> handler);

  /** Sets what runs once when the stream is closed, by either side. */
  void closeHandler(Handler<Void> handler);

  /** Sets what runs when the stream fails. */
  void exceptionHandler(Handler<Throwable> handler);

  /**
   * Writes {@code data}; the stream takes a copy or ownership, so the caller must not touch it
   * after. Completes when the bytes are handed on, or fails if the stream is closed.
   */
  Future<Void> write(Buffer data);

  /** Closes after the bytes already written are delivered. */
  void end();

  /** Closes. */
  void close();

  /** This end's address, {@code host:port}. */
  String localAddress();

  /** The other end's address, {@code host:port}. */
  String remoteAddress();

  /**
   * The other end's public key when this stream runs RLPx without encryption (an in-memory pipe of
   * an {@link InMemoryNetwork} made without it), so the handshake is skipped; null otherwise.
   */
  default byte[] plaintextPeerKey() {
    return null;
  }
}
