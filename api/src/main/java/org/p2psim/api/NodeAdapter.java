package org.p2psim.api;

/**
 * Runs nodes somewhere: as child processes ({@code exec-adapter}) or inside this JVM ({@code
 * inproc-adapter}). A network is built on one adapter.
 */
public interface NodeAdapter {

  /** The adapter's name, e.g. {@code exec-adapter}. */
  String name();

  /**
   * Makes a node from its config. The config must name at least one known service and carry an id
   * or private key; the node is not started.
   *
   * @throws IllegalArgumentException saying what is wrong with the config (no services, an unknown
   *     service with the known ones listed, a duplicate id)
   */
  Node newNode(NodeConfig config);
}
