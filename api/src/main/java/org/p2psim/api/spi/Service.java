package org.p2psim.api.spi;

import java.util.List;

/**
 * One service running on one node: the devp2p protocols it speaks and the RPC APIs it serves. The
 * node calls {@link #start()} after its networking is up and {@link #stop()} before it goes down.
 *
 * <p>A service that also implements {@link Snapshottable} has its state saved by {@code
 * simulation_snapshot} and handed back through {@link ServiceContext#snapshot()} when its node is
 * started from that snapshot.
 */
public interface Service {

  /** The sub-protocols this service runs on every connection that shares them. */
  default List<Protocol> protocols() {
    return List.of();
  }

  /** The RPC APIs this service serves, each under its namespace. */
  default List<RpcApi> apis() {
    return List.of();
  }

  /** Starts the service; runs on the node's event-loop context and must not block. */
  default void start() {}

  /** Stops the service; timers started through the node's scheduler are cancelled for you. */
  default void stop() {}
}
