package org.p2psim.rpc.internal;

/**
 * The connection under a {@link Session}: WebSocket, one HTTP exchange, or in memory. The session
 * writes responses and notifications through it and counts what is queued; the transport reports
 * back through {@link Session#written()} and {@link Session#closed()}.
 */
public interface Transport {

  /**
   * Sends one message. Any thread; never blocks. The transport calls {@link Session#written()}
   * exactly once when the message has left its memory (sent, or dropped because the connection
   * closed).
   */
  void write(String message);

  /**
   * The session's queue drained below its low-water mark: resume reading if reading was paused and
   * the session is no longer {@link Session#overLimit() over its limit}. Any thread.
   */
  void wakeUp();

  /** Closes the connection; the transport then calls {@link Session#closed()}. Idempotent. */
  void close();
}
