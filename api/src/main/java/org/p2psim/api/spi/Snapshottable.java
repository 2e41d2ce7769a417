package org.p2psim.api.spi;

/**
 * A {@link Service} whose state can be saved and restored. The bytes are opaque to p2psim; they
 * travel base64-encoded in snapshots.
 */
public interface Snapshottable {

  /**
   * Returns the service's state. Called on the node's event-loop context, so it sees a consistent
   * state without locks.
   */
  byte[] snapshot();
}
