package org.p2psim.api;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * One simulated node, run by a {@link NodeAdapter}: a devp2p stack with its services, reachable
 * over JSON-RPC. A node can be started, stopped and started again, each time from snapshots if
 * given.
 */
public interface Node {

  /** The node's id. */
  NodeId id();

  /** The config the node was made from (its private key included). */
  NodeConfig config();

  /**
   * Starts the node, handing each service the bytes saved for it, if any.
   *
   * @param snapshots service name to bytes; may be empty
   * @return completes when the node is up and serving RPC; fails with a message that says why (e.g.
   *     {@code already started}, or the start error with the node's last log lines)
   */
  CompletionStage<Void> start(Map<String, byte[]> snapshots);

  /** Stops the node; completes when it is down. Stopping a stopped node does nothing. */
  CompletionStage<Void> stop();

  /** Whether the node is up. */
  boolean isUp();

  /**
   * The RPC client of the running node.
   *
   * @throws IllegalStateException when the node is not up
   */
  RpcClient client();

  /** Bridges a caller's connection to the node's RPC server, until either side closes. */
  void serveRpc(RpcConnection connection);

  /**
   * Each snapshottable service's state ({@code simulation_snapshot}).
   *
   * @return fails when the node is not up
   */
  CompletionStage<Map<String, byte[]>> snapshots();

  /**
   * The node's info: from {@code admin_nodeInfo} when up. When down (not started yet, stopped or
   * exited) only what does not depend on a running node: its id, name and key, with {@code enode}
   * the key alone ({@code enode://<128 hex public key>}, no address); no stale address, port or
   * protocol info.
   */
  NodeInfo nodeInfo();

  /**
   * The node's enode URL, {@code enode://<128 hex public key>@<ip>:<port>}, while it is up.
   *
   * @throws IllegalStateException when the node is down, saying so: a down node has no address
   */
  String addr();

  /**
   * Sets the conditions of what this node sends to peers that have no link of their own, on live
   * connections and those to come. By default through the node's {@code link_setDefault} RPC
   * method; an adapter may reach its nodes more directly.
   *
   * @return completes once set; fails when the node is down
   */
  default CompletionStage<Void> setDefaultLink(Link link) {
    return client().call("link_setDefault", Link.class, link).thenApply(l -> null);
  }

  /**
   * Sets the conditions of what this node sends to {@code peer}, or with a null link goes back to
   * the default ({@code link_set}). The other direction is the peer's to shape.
   *
   * @return completes once set; fails when the node is down
   */
  default CompletionStage<Void> setLink(NodeId peer, Link link) {
    return client().call("link_set", Link.class, peer, link).thenApply(l -> null);
  }

  /**
   * Sets the partition this node is in ({@code link_partition}): its connections across the cut
   * drop and dials across it fail, until a partition that does not separate them.
   *
   * @return completes once set; fails when the node is down
   */
  default CompletionStage<Void> setPartition(Partition partition) {
    return client()
        .call("link_partition", Partition.class, partition.groups())
        .thenApply(p -> null);
  }
}
