/**
 * The {@code gossip} service: flooding with de-duplication. A message published at one node ({@code
 * gossip_publish}) reaches every node connected to it, directly or not, exactly once: each node
 * records a message the first time it sees it and forwards it to its other peers, and drops it
 * every later time.
 *
 * <p>Start with {@link org.p2psim.examples.gossip.GossipFactory}.
 */
package org.p2psim.examples.gossip;
