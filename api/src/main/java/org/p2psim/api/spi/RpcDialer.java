package org.p2psim.api.spi;

import org.p2psim.api.NodeId;
import org.p2psim.api.RpcClient;

/** Reaches other nodes' JSON-RPC by node id, within one simulation. */
public interface RpcDialer {

  /**
   * Returns a client for the node with this id.
   *
   * @throws IllegalArgumentException when no such node is known
   */
  RpcClient dial(NodeId id);
}
