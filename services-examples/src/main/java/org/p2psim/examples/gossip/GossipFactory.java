package org.p2psim.examples.gossip;

import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceContext;
import org.p2psim.api.spi.ServiceFactory;

/**
 * Makes the {@code gossip} service: flooding with de-duplication over the {@code gossip/1}
 * protocol.
 *
 * <p>Node properties:
 *
 * <ul>
 *   <li>{@code max_seen=<n>}: how many messages the seen set keeps, a positive integer; default
 *       {@value #DEFAULT_MAX_SEEN}. Past it the oldest are forgotten.
 * </ul>
 *
 * <p>RPC: {@code gossip_publish}, {@code gossip_seen}, {@code gossip_seenCount}, {@code
 * gossip_stats} and the subscription {@code gossip_subscribe("messages")} (see {@link GossipApi}).
 * Snapshots keep the seen set and the next sequence number, so a node started from one drops the
 * messages it had already seen.
 */
public final class GossipFactory implements ServiceFactory {
  /** The name nodes ask for in {@code services}. */
  public static final String NAME = "gossip";

  /** The default of the {@code max_seen} property. */
  public static final int DEFAULT_MAX_SEEN = 10_000;

  /** For {@link java.util.ServiceLoader}. */
  public GossipFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Creates the service for one node.
   *
   * @throws IllegalArgumentException if {@code max_seen} is not a positive integer, or the snapshot
   *     is not one that gossip wrote for this node
   */
  @Override
  public Service create(ServiceContext context) {
    long maxSeen;
    try {
      maxSeen = context.config().longProperty("max_seen", DEFAULT_MAX_SEEN);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NAME + ": " + e.getMessage(), e);
    }
    if (maxSeen <= 0 || maxSeen > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          NAME
              + ": bad property max_seen="
              + maxSeen
              + ": expected a positive number of messages, at most "
              + Integer.MAX_VALUE);
    }
    GossipSnapshot.State state =
        context
            .snapshot()
            .map(bytes -> GossipSnapshot.decode(bytes, context.nodeId()))
            .orElse(GossipSnapshot.State.EMPTY);
    return new GossipService(context.nodeId(), context.scheduler(), (int) maxSeen, state);
  }
}
