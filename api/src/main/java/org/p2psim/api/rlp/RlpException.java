package org.p2psim.api.rlp;

/**
 * Thrown when RLP input is malformed or non-canonical, or when a decoded item is read as the wrong
 * kind of value (a list as a string, a 9-byte string as a {@code long}, ...).
 *
 * <p>The message says what was wrong and where, for example {@code rlp: non-canonical size
 * information at offset 3}. Offsets count from the start of the array given to the decoder (not
 * from the {@code offset} argument), so they can be matched against a hex dump of the frame.
 *
 * <p>RLP input comes from the network: catch this exception at the message boundary and drop the
 * peer with a reason rather than treat it as a bug.
 */
public final class RlpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  /**
   * Creates an exception whose message is {@code "rlp: " + problem}, followed by {@code " at offset
   * " + offset} when {@code offset} is not negative.
   *
   * @param problem what is wrong, without the {@code "rlp: "} prefix, for example {@code "expected
   *     string, got list"}
   * @param offset the position in the input of the item that is wrong, or {@code -1} if unknown
   */
  public RlpException(String problem, int offset) {
    this(offset, offset >= 0 ? "rlp: " + problem + " at offset " + offset : "rlp: " + problem);
  }

  private RlpException(int offset, String message) {
    super(message);
    this.offset = Math.max(offset, -1);
  }

  /** For messages that name the offset elsewhere than at the end. */
  static RlpException withMessage(String message, int offset) {
    return new RlpException(offset, message);
  }

  /**
   * Returns the position in the input of the item where the problem was found, or {@code -1} if
   * there is none (an empty input, or an item that was built rather than decoded).
   */
  public int offset() {
    return offset;
  }
}
