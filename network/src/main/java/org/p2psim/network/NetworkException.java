package org.p2psim.network;

import static java.util.Objects.requireNonNull;

/**
 * Why a {@link Network} refused or failed an action, with go-ethereum's wording ({@code node <id>
 * does not exist}, {@code <a> and <b> already connected}, …) and a {@link Kind} that says whose
 * fault it was, so that the HTTP API can answer 400, 404, 409 or 500 without parsing messages.
 */
public class NetworkException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whose fault it was. */
  public enum Kind {
    /** The request was malformed or makes no sense (HTTP 400). */
    BAD_INPUT,
    /** It names a node or connection that does not exist (HTTP 404). */
    NOT_FOUND,
    /** The network's state does not allow it now: already up, already connected (HTTP 409). */
    CONFLICT,
    /** A node or the adapter failed while doing it (HTTP 500). */
    FAILED
  }

  private final Kind kind;

  /** An error of this kind with a message that says what is wrong. */
  public NetworkException(Kind kind, String message) {
    super(message);
    this.kind = requireNonNull(kind, "kind");
  }

  /** An error of this kind, caused by {@code cause}. */
  public NetworkException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = requireNonNull(kind, "kind");
  }

  /** Whose fault it was. */
  public Kind kind() {
    return kind;
  }
}
