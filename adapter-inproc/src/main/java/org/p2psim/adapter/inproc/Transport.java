package org.p2psim.adapter.inproc;

/** How the nodes of an {@link InProcAdapter} reach each other. */
public enum Transport {
  /**
   * In-memory pipes of an {@link org.p2psim.p2p.InMemoryNetwork}: no socket, no file descriptor,
   * the same RLPx as over TCP. The default.
   */
  PIPES,
  /** Loopback TCP: each node listens on 127.0.0.1 and a free port (about 3 descriptors a link). */
  TCP
}
