package org.p2psim.api;

/** A JSON-RPC error: a code, as in the JSON-RPC 2.0 spec or p2psim's range, and a message. */
public class RpcException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int code;

  /** Makes an error with a JSON-RPC code and a message that says what is wrong. */
  public RpcException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The JSON-RPC error code, e.g. -32601 for an unknown method. */
  public int code() {
    return code;
  }
}
