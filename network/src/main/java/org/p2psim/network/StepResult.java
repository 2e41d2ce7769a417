package org.p2psim.network;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.p2psim.api.NodeId;

/**
 * What a {@link Step} came to.
 *
 * @param error why it failed (the action failed, a check failed, or the timeout ran out, naming the
 *     nodes that had not passed), or null when every node passed
 * @param startedAt when the step began
 * @param finishedAt when it ended
 * @param passes when each node passed, for the nodes that did
 * @param events the network's events from the start of the step to its end
 */
public record StepResult(
    String error,
    Instant startedAt,
    Instant finishedAt,
    Map<NodeId, Instant> passes,
    List<Event> events) {

  /** Makes the collections immutable. */
  public StepResult {
    passes = Map.copyOf(passes);
    events = List.copyOf(events);
  }

  /** Whether every node passed. */
  public boolean passed() {
    return error == null;
  }

  /** Why it failed, if it did. */
  public Optional<String> failure() {
    return Optional.ofNullable(error);
  }
}
