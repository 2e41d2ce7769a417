package org.p2psim.nodehost;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Map;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

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
   * Checks what can be checked before anything starts, so that bad input is refused as such (exit
   * status 2, the field named) rather than as a failed start: the node is there ({@code "node":
   * null} passes a required-field check) and has no id without its key, {@code data_dir} is not
   * empty (an empty path is the working directory), {@code peer_addrs} maps node ids to WebSocket
   * URLs, and {@code snapshots} are base64.
   */
  public NodeHostInput {
    if (node == null) {
      throw new IllegalArgumentException("\"node\" must not be null");
    }
    NodeStack.refuseIdWithoutKey(node);
    if (dataDir != null && dataDir.isEmpty()) {
      throw new IllegalArgumentException(
          "\"data_dir\" must not be empty: leave it out for a fresh temp directory");
    }
    if (peerAddrs != null) {
      peerAddrs.forEach(NodeHostInput::checkPeerAddr);
    }
    if (snapshots != null) {
      snapshots.forEach(
          (service, state) -> {
            try {
              Base64.getDecoder().decode(state);
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  "snapshots." + service + ": not base64: " + e.getMessage());
            }
          });
    }
  }

  private static void checkPeerAddr(String id, String url) {
    try {
      NodeId.parse(id);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("peer_addrs: " + e.getMessage());
    }
    if (url.isEmpty()) {
      return; // as go-ethereum's exec adapter sends a node whose address is not known yet
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("peer_addrs." + id + ": not a URL: " + url);
    }
    if (!("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          "peer_addrs." + id + ": expected a ws:// URL with a host, got " + url);
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
      @JsonProperty("host") String host, @JsonProperty("rpc_port") Integer rpcPort) {
    /** Checks the port's range and that a host, if given, is not empty. */
    public Stack {
      if (rpcPort != null && (rpcPort < -1 || rpcPort > 65535)) {
        throw new IllegalArgumentException(
            "bad rpc_port " + rpcPort + ": expected -1 (none), 0 (any free one) to 65535");
      }
      if (host != null && host.isBlank()) {
        throw new IllegalArgumentException("host must not be empty: leave it out for 127.0.0.1");
      }
    }
  }
}
