package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.NodeId;

/**
 * One step of a {@link Simulation}: an action, then an expectation checked on each of some nodes
 * whenever the trigger names them, until every one has passed or the timeout runs out.
 *
 * <pre>{@code
 * Step step = new Step(
 *     net -> publish(alice, "hello"),                         // the action
 *     Trigger.every(Duration.ofMillis(100)),                  // when to check
 *     ids, id -> seen(id, "hello"),                           // every node must see it
 *     Duration.ofSeconds(5));
 * }</pre>
 *
 * @param action what the step does, given the network; the step waits for its stage
 * @param trigger names nodes whose expectation should be checked now
 * @param nodes the nodes that must pass
 * @param check whether a node passes; a failed stage fails the step
 * @param timeout how long the whole step may take, action included
 */
public record Step(
    Action action, Trigger trigger, List<NodeId> nodes, Check check, Duration timeout) {

  /** Checks the parts. */
  public Step {
    requireNonNull(action, "action");
    requireNonNull(trigger, "trigger");
    nodes = List.copyOf(nodes);
    requireNonNull(check, "check");
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(
          "bad timeout " + timeout + ": expected a positive duration");
    }
  }

  /** What a step does. */
  @FunctionalInterface
  public interface Action {
    /** Does it; the step goes on when the stage completes, and fails if it fails. */
    CompletionStage<?> run(Network network) throws Exception;
  }

  /** Whether one node meets the step's expectation. */
  @FunctionalInterface
  public interface Check {
    /** Completes with true when {@code node} passes; false to be checked again later. */
    CompletionStage<Boolean> check(NodeId node) throws Exception;
  }
}
