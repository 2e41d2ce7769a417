package org.p2psim.p2p.rlpx;

/**
 * Thrown when an RLPx handshake message cannot be accepted: it does not decrypt (wrong key or MAC),
 * does not parse, carries a key that is not on the curve, a signature that does not recover, or a
 * size out of bounds. The connection it came on should be dropped.
 */
public final class HandshakeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message saying what was expected and what came. */
  public HandshakeException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the lower-level cause. */
  public HandshakeException(String message, Throwable cause) {
    super(message, cause);
  }
}
