package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.p2psim.api.NodeId;

/**
 * A connection as the network shows it, in conn events and in its list of conns.
 *
 * @param one the node that dialled
 * @param other the node that was dialled
 * @param up whether it is up
 */
public record ConnState(
    @JsonProperty("one") NodeId one,
    @JsonProperty("other") NodeId other,
    @JsonProperty("up") boolean up) {

  /** Checks the ids. */
  public ConnState {
    requireNonNull(one, "one");
    requireNonNull(other, "other");
  }
}
