package org.p2psim.p2p;

import org.p2psim.api.DisconnectReason;

/** A connection that failed or ended, with the devp2p reason when there is one. */
public class P2pException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient DisconnectReason reason;

  /** Makes an error with a reason (may be null) and a message that says what happened. */
  public P2pException(DisconnectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The devp2p disconnect reason, or null when the failure had none (e.g. a refused dial). */
  public DisconnectReason reason() {
    return reason;
  }
}
