package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.p2psim.api.NodeId;

/**
 * Says when to check a {@link Step}'s nodes, by naming them as it sees fit: the reference's {@code
 * Trigger} channel, as a source the step starts and stops.
 */
@FunctionalInterface
public interface Trigger {

  /**
   * Starts naming nodes to {@code fire}, which may be called from any thread, until the returned
   * handle is closed.
   *
   * @param nodes the nodes the step checks
   */
  AutoCloseable start(Network network, List<NodeId> nodes, Consumer<NodeId> fire);

  /** Names every node of the step at once and then every {@code interval}. */
  static Trigger every(Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("bad interval " + interval + ": expected a positive one");
    }
    return (network, nodes, fire) -> {
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "p2psim-step-trigger");
                t.setDaemon(true);
                return t;
              });
      timer.scheduleWithFixedDelay(
          () -> nodes.forEach(fire), 0, interval.toNanos(), TimeUnit.NANOSECONDS);
      return timer::shutdownNow;
    };
  }

  /**
   * Names the node that {@code node} picks out of each network event that matches {@code match},
   * e.g. the receiver of each {@code gossip} message: {@code onEvent(e -> e.msg() != null, e ->
   * e.msg().other())}.
   */
  static Trigger onEvent(Predicate<Event> match, Function<Event, NodeId> node) {
    requireNonNull(match, "match");
    requireNonNull(node, "node");
    return (network, nodes, fire) ->
        network.subscribe(
            e -> {
              if (match.test(e)) {
                NodeId id = node.apply(e);
                if (id != null) {
                  fire.accept(id);
                }
              }
            });
  }

  /** Names a node each time one of its events comes: its node, its conns (both ends), its msgs. */
  static Trigger onNodeEvents() {
    return (network, nodes, fire) ->
        network.subscribe(
            e -> {
              switch (e.type()) {
                case NODE -> fire.accept(e.node().id());
                case CONN -> {
                  fire.accept(e.conn().one());
                  fire.accept(e.conn().other());
                }
                case MSG -> {
                  fire.accept(e.msg().one());
                  fire.accept(e.msg().other());
                }
              }
            });
  }
}
