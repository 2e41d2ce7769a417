package org.p2psim.nodehost;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

/**
 * Everything one node is made from: its config, the service snapshots to start from, where the
 * other nodes' RPC is, and where its files go.
 *
 * @param node the node's config; must carry a private key (see {@link NodeStack#withKey})
 * @param snapshots service name to the bytes it saved; may be empty
 * @param peerAddrs other nodes' RPC WebSocket URLs, for {@link org.p2psim.api.spi.RpcDialer}
 * @param dataDir the node's directory: services' data lives in {@code dataDir/data/<service>}
 * @param host the address the node's sockets bind to
 * @param rpcPort the RPC server's port, 0 for a free one, or -1 for no RPC socket (in-process)
 */
public record NodeStackConfig(
    NodeConfig node,
    Map<String, byte[]> snapshots,
    Map<NodeId, String> peerAddrs,
    Path dataDir,
    String host,
    int rpcPort) {

  /** Checks the fields and copies the maps. */
  public NodeStackConfig {
    requireNonNull(node, "node");
    snapshots = snapshots == null ? Map.of() : Map.copyOf(snapshots);
    peerAddrs = peerAddrs == null ? Map.of() : Map.copyOf(peerAddrs);
    requireNonNull(dataDir, "dataDir");
    requireNonNull(host, "host");
    if (rpcPort < -1 || rpcPort > 65535) {
      throw new IllegalArgumentException("bad rpcPort " + rpcPort + ": expected -1 to 65535");
    }
    if (node.privateKey() == null) {
      throw new IllegalArgumentException("node config has no private key");
    }
  }

  /** A config on loopback with an RPC WebSocket on a free port. */
  public static NodeStackConfig of(NodeConfig node, Path dataDir) {
    return new NodeStackConfig(node, Map.of(), Map.of(), dataDir, "127.0.0.1", 0);
  }
}
