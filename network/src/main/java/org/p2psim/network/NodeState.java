package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;

/**
 * A node as the network shows it, in node events and in its lists of nodes.
 *
 * @param info the node's info ({@code admin_nodeInfo} when it was last up)
 * @param config its config, without the private key
 * @param up whether it is up
 */
public record NodeState(
    @JsonProperty("info") @JsonInclude(JsonInclude.Include.NON_NULL) NodeInfo info,
    @JsonProperty("config") NodeConfig config,
    @JsonProperty("up") boolean up) {

  /** Drops the private key, so that no event can carry it. */
  public NodeState {
    requireNonNull(config, "config");
    config = config.withoutPrivateKey();
  }

  /** The node's id. */
  public NodeId id() {
    return config.id();
  }
}
