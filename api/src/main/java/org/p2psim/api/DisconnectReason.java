package org.p2psim.api;

/**
 * The reasons a devp2p peer gives when it disconnects, with their wire codes and the texts
 * go-ethereum uses for them.
 */
public enum DisconnectReason {
  /** 0x00: the peer asked for it. */
  REQUESTED(0x00, "disconnect requested"),
  /** 0x01: a TCP error. */
  NETWORK_ERROR(0x01, "network error"),
  /** 0x02: malformed message, bad RLP, bad MAC and other breaches. */
  PROTOCOL_ERROR(0x02, "breach of protocol"),
  /** 0x03: no capability in common. */
  USELESS_PEER(0x03, "useless peer"),
  /** 0x04: the node has as many peers as it allows. */
  TOO_MANY_PEERS(0x04, "too many peers"),
  /** 0x05: the two nodes are already connected. */
  ALREADY_CONNECTED(0x05, "already connected"),
  /** 0x06: incompatible p2p protocol version. */
  INCOMPATIBLE_VERSION(0x06, "incompatible p2p protocol version"),
  /** 0x07: the Hello carried no valid node identity. */
  INVALID_IDENTITY(0x07, "invalid node identity"),
  /** 0x08: the node is shutting down. */
  QUITTING(0x08, "client quitting"),
  /** 0x09: the Hello identity differs from the one the handshake authenticated. */
  UNEXPECTED_IDENTITY(0x09, "unexpected identity"),
  /** 0x0a: the node dialled itself. */
  SELF(0x0a, "connected to self"),
  /** 0x0b: no Pong or other message in time. */
  READ_TIMEOUT(0x0b, "read timeout"),
  /** 0x10: a sub-protocol's own reason. */
  SUBPROTOCOL_ERROR(0x10, "subprotocol error"),
  /** A code this enum does not know; never sent. */
  UNKNOWN(0xff, "unknown disconnect reason");

  private final int code;
  private final String text;

  DisconnectReason(int code, String text) {
    this.code = code;
    this.text = text;
  }

  /** The code sent on the wire. */
  public int code() {
    return code;
  }

  /** go-ethereum's text for this reason, e.g. {@code client quitting}. */
  public String text() {
    return text;
  }

  /** Returns the reason with this wire code, or {@link #UNKNOWN}. */
  public static DisconnectReason ofCode(long code) {
    for (DisconnectReason r : values()) {
      if (r.code == code && r != UNKNOWN) {
        return r;
      }
    }
    return UNKNOWN;
  }

  /** Returns {@link #text()}. */
  @Override
  public String toString() {
    return text;
  }
}
