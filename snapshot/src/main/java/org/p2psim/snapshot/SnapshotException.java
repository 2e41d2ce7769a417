package org.p2psim.snapshot;

import java.util.List;

/**
 * A network snapshot that cannot be loaded, with every problem found, each naming where it is
 * ({@code nodes[2].node.config.services[0]: unknown service "flod"; known: gossip, pingpong}).
 */
public final class SnapshotException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** How many problems the message lists at most. */
  static final int SHOWN = 20;

  private final List<String> problems;

  SnapshotException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in document order. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    StringBuilder b = new StringBuilder("bad snapshot: ");
    if (problems.size() == 1) {
      return b.append(problems.get(0)).toString();
    }
    b.append(problems.size()).append(" problems: ");
    for (int i = 0; i < Math.min(SHOWN, problems.size()); i++) {
      b.append(i == 0 ? "" : "; ").append(problems.get(i));
    }
    if (problems.size() > SHOWN) {
      b.append("; and ").append(problems.size() - SHOWN).append(" more");
    }
    return b.toString();
  }
}
