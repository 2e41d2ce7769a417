package org.p2psim.nodehost;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.p2psim.api.NodeConfig;

/**
 * The one JSON document a node host reads from stdin: the four parts of the reference's {@code
 * _P2P_NODE_CONFIG}. Secrets (the private key) travel only here, never in argv or the environment.
 *
 * @param node the node's config; {@code id} and {@code private_key} may be left out
 * @param dataDir the node's directory; a fresh temp dir when left out
 * @param snapshots service name to standard base64 of its saved state
 * @param peerAddrs other nodes' RPC WebSocket URLs, by node id
 * @param stack how the stack runs: {@code host} (default 127.0.0.1) and {@code rpc_port} (0)
 */
public record NodeHostInput(
    @JsonProperty(value = "node", required = true) NodeConfig node,
    @JsonProperty("data_dir") String dataDir,
    @JsonProperty("snapshots") Map<String, String> snapshots,
    @JsonProperty("peer_addrs") Map<String, String> peerAddrs,
    @JsonProperty("stack") Stack stack) {

  /**
   * Checks that the node is there ({@code "node": null} passes a required-field check) and that
   * {@code data_dir}, if given, is not empty: an empty path is the working directory.
   */
  public NodeHostInput {
    if (node == null) {
      throw new IllegalArgumentException("\"node\" must not be null");
    }
    if (dataDir != null && dataDir.isEmpty()) {
      throw new IllegalArgumentException(
          "\"data_dir\" must not be empty: leave it out for a fresh temp directory");
    }
  }

  /**
   * Stack options.
   *
   * @param host the address sockets bind to
   * @param rpcPort the RPC port, 0 for a free one, -1 for no RPC socket (the ready line's {@code
   *     ws} is then null)
   */
  public record Stack(
      @JsonProperty("host") String host, @JsonProperty("rpc_port") Integer rpcPort) {}
}
