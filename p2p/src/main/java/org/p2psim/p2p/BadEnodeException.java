package org.p2psim.p2p;

import static java.util.Objects.requireNonNull;

/**
 * Thrown when an enode URL (or {@code enr:} record) cannot be parsed. The message reads {@code bad
 * enode URL "<input>": <problem>}; where go-ethereum has a phrase for the problem (such as {@code
 * invalid port} or {@code invalid public key (wrong length, want 128 hex chars)}), the problem uses
 * it.
 */
public final class BadEnodeException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_QUOTED = 300;

  private final String input;
  private final String problem;

  /**
   * Creates the exception for {@code input}, which is quoted in the message (cut short past 300
   * characters).
   */
  public BadEnodeException(String input, String problem) {
    super("bad enode URL \"" + shorten(input) + "\": " + requireNonNull(problem, "problem"));
    this.input = input;
    this.problem = problem;
  }

  /** Returns the text that failed to parse. */
  public String input() {
    return input;
  }

  /** Returns what is wrong with it, without the {@code bad enode URL "…": } prefix. */
  public String problem() {
    return problem;
  }

  private static String shorten(String input) {
    if (input == null) {
      return "null";
    }
    return input.length() <= MAX_QUOTED ? input : input.substring(0, MAX_QUOTED) + "…";
  }
}
