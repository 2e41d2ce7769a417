package org.p2psim.examples.pingpong;

import java.time.Duration;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceContext;
import org.p2psim.api.spi.ServiceFactory;

/**
 * Makes the {@code pingpong} service: each connected peer gets a Ping every {@code interval}
 * milliseconds and answers with a Pong.
 *
 * <p>Node properties:
 *
 * <ul>
 *   <li>{@code interval=<ms>}: time between two Pings to one peer, a positive integer; default
 *       {@value #DEFAULT_INTERVAL_MS}.
 * </ul>
 *
 * <p>RPC: {@code pingpong_counts} (see {@link PingPongApi}). Snapshots keep the counts, in total
 * and per peer.
 *
 * <p>Everything that can be wrong with the config or the snapshot is found here, in {@link
 * #create}, so that a node fails to start with a clear message rather than misbehave later.
 */
public final class PingPongFactory implements ServiceFactory {
  /** The name nodes ask for in {@code services}. */
  public static final String NAME = "pingpong";

  /** The default of the {@code interval} property, in milliseconds. */
  public static final long DEFAULT_INTERVAL_MS = 1000;

  /** For {@link java.util.ServiceLoader}. */
  public PingPongFactory() {}

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Creates the service for one node.
   *
   * @throws IllegalArgumentException if the {@code interval} property is not a positive integer, or
   *     the snapshot is not one that pingpong wrote
   */
  @Override
  public Service create(ServiceContext context) {
    Duration interval = Duration.ofMillis(interval(context.config()));
    PingPongSnapshot.State state =
        context.snapshot().map(PingPongSnapshot::decode).orElse(PingPongSnapshot.State.EMPTY);
    return new PingPongService(interval, context.scheduler(), state);
  }

  private static long interval(NodeConfig config) {
    long ms;
    try {
      ms = config.longProperty("interval", DEFAULT_INTERVAL_MS);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(NAME + ": " + e.getMessage(), e);
    }
    if (ms <= 0) {
      throw new IllegalArgumentException(
          NAME + ": bad property interval=" + ms + ": expected a positive number of milliseconds");
    }
    return ms;
  }
}
