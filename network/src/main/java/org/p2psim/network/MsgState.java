package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.p2psim.api.NodeId;

/**
 * A message, as a msg event shows it. Each message gives two events: {@code received} false at the
 * sender, true at the receiver.
 *
 * @param one the sender
 * @param other the receiver
 * @param protocol the protocol's name, e.g. {@code pingpong}
 * @param code the protocol-relative message code
 * @param received false when the sender reported it, true when the receiver did
 */
public record MsgState(
    @JsonProperty("one") NodeId one,
    @JsonProperty("other") NodeId other,
    @JsonProperty("protocol") String protocol,
    @JsonProperty("code") long code,
    @JsonProperty("received") boolean received) {

  /** Checks the ids and protocol. */
  public MsgState {
    requireNonNull(one, "one");
    requireNonNull(other, "other");
    requireNonNull(protocol, "protocol");
  }
}
