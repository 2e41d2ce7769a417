package org.p2psim.p2p;

import org.p2psim.api.DisconnectReason;

/** Input that breaks the protocol, with the reason to tell the peer. */
final class BadInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient DisconnectReason reason;

  BadInputException(DisconnectReason reason, String message) {
    super(message);
    this.reason = reason;
  }

  DisconnectReason reason() {
    return reason;
  }
}
