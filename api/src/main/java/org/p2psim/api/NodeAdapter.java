package org.p2psim.api;

/**
 * Runs nodes somewhere: as child processes ({@code exec-adapter}) or inside this JVM ({@code
 * inproc-adapter}). A network is built on one adapter.
 */
public interface NodeAdapter {

  /** The adapter's name, e.g. {@code exec-adapter}. */
  String name();

  /**
   * Makes a node from its config; the node is not started. The config must name at least one known
   * service. Its private key is optional: a config without one gets a generated key, and the id
   * that follows from it. A node's id is derived from its key, so a config with an id but no key
   * cannot be honoured and is refused; one with both must have the key's id. The id of a node this
   * adapter made and that is down may be used again: the new node takes the old one's place (a
   * network reset, or a snapshot loaded twice); the id of one that is running is refused.
   *
   * @throws IllegalArgumentException saying what is wrong with the config (no services, an unknown
   *     service with the known ones listed, an id without a key, an id that is not the key's, the
   *     id of a running node)
   */
  Node newNode(NodeConfig config);
}
