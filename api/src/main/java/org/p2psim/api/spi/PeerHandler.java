package org.p2psim.api.spi;

import org.p2psim.api.DisconnectReason;

/**
 * One protocol's side of one connection. Its methods run on the node's event-loop context, one at a
 * time, so a handler needs no locks; they must not block.
 *
 * <p>A handler that throws from {@link #onMessage} gets its peer disconnected with {@link
 * DisconnectReason#SUBPROTOCOL_ERROR}.
 */
public interface PeerHandler {

  /**
   * Called for each message the peer sends for this protocol.
   *
   * @param code the protocol-relative message code
   * @param payload the RLP-encoded body, decompressed
   */
  void onMessage(int code, byte[] payload);

  /** Called once when the connection ends, whoever ended it. */
  default void onDisconnect(DisconnectReason reason) {}

  /**
   * What {@code admin_peers} shows for this peer under the protocol's name, as a JSON-serialisable
   * object, or {@code null} for nothing.
   */
  default Object info() {
    return null;
  }
}
