package org.p2psim.examples.pingpong;

/**
 * How many pingpong messages one peer (or all of them) exchanged with this node. In JSON: {@code
 * {"sent":3,"received":3,"pongs":2}}.
 *
 * @param sent Pings this node sent
 * @param received Pings this node received (and answered with a Pong)
 * @param pongs Pongs this node received
 */
public record Counts(long sent, long received, long pongs) {

  /** No messages yet. */
  public static final Counts ZERO = new Counts(0, 0, 0);

  /** Checks that no count is negative. */
  public Counts {
    if (sent < 0 || received < 0 || pongs < 0) {
      throw new IllegalArgumentException(
          "counts must not be negative: sent="
              + sent
              + " received="
              + received
              + " pongs="
              + pongs);
    }
  }

  /** Adds two counts, field by field. */
  public Counts plus(Counts other) {
    return new Counts(sent + other.sent, received + other.received, pongs + other.pongs);
  }
}
