package org.p2psim.api.spi;

import java.nio.file.Path;
import java.util.Optional;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

/** What a {@link ServiceFactory} gets to create a service for one node. */
public interface ServiceContext {

  /** The node's config, with its {@link NodeConfig#properties() properties}. */
  NodeConfig config();

  /** The node's id. */
  NodeId nodeId();

  /** The bytes this service's {@link Snapshottable#snapshot()} saved, when started from one. */
  Optional<byte[]> snapshot();

  /** Reaches other nodes' RPC by id. */
  RpcDialer rpcDialer();

  /** The node's event-loop context and clock. */
  NodeScheduler scheduler();

  /** A directory that belongs to this service on this node, created on first use. */
  Path dataDir();
}
