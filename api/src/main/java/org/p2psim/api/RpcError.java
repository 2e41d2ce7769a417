package org.p2psim.api;

/**
 * The JSON-RPC error codes p2psim uses, each with its default message.
 *
 * <p>The first five are JSON-RPC 2.0's own. p2psim's codes come from the spec's range for
 * implementation-defined server errors, -32000 to -32099; p2psim uses -32000 to -32009:
 *
 * <table>
 *   <caption>p2psim's error codes</caption>
 *   <tr><th>code</th><th>name</th><th>meaning</th><th>sent by</th></tr>
 *   <tr><td>-32000</td><td>{@link #SERVER_ERROR}</td>
 *       <td>an API method threw; the message is the exception's</td><td>server</td></tr>
 *   <tr><td>-32001</td><td>{@link #SUBSCRIPTION_DROPPED}</td>
 *       <td>a subscription was ended because its connection's send queue was full</td>
 *       <td>server, in the final notification</td></tr>
 *   <tr><td>-32002</td><td>{@link #TIMEOUT}</td>
 *       <td>no response within the client's call timeout</td><td>client</td></tr>
 *   <tr><td>-32003</td><td>{@link #CONNECTION_CLOSED}</td>
 *       <td>the connection closed (or never opened) before the response came</td>
 *       <td>client</td></tr>
 *   <tr><td>-32004</td><td>{@link #BAD_RESULT}</td>
 *       <td>a result or event did not map to the type the caller asked for</td>
 *       <td>client</td></tr>
 * </table>
 *
 * <p>An {@link RpcException} thrown by an API method keeps its own code. "Notifications not
 * supported" (a subscription over HTTP) uses -32601, as go-ethereum does, so that its clients
 * recognise it.
 */
public enum RpcError {
  /** Invalid JSON was received. */
  PARSE_ERROR(-32700, "parse error"),
  /** The JSON is not a valid request object (or batch). */
  INVALID_REQUEST(-32600, "invalid request"),
  /** The method does not exist or is not available. */
  METHOD_NOT_FOUND(-32601, "method not found"),
  /** The parameters do not fit the method. */
  INVALID_PARAMS(-32602, "invalid params"),
  /** A bug on the server: an unexpected exception, logged there with its stack. */
  INTERNAL_ERROR(-32603, "internal error"),
  /** An API method threw an exception; the message is the exception's. */
  SERVER_ERROR(-32000, "server error"),
  /** A subscription whose notifications could not be sent fast enough was ended. */
  SUBSCRIPTION_DROPPED(-32001, "subscription dropped: client too slow"),
  /** Client side: no response came within the call timeout. */
  TIMEOUT(-32002, "call timed out"),
  /** Client side: the connection closed before a response came. */
  CONNECTION_CLOSED(-32003, "connection closed"),
  /** Client side: a result or event does not map to the requested type. */
  BAD_RESULT(-32004, "result does not fit the requested type");

  private final int code;
  private final String message;

  RpcError(int code, String message) {
    this.code = code;
    this.message = message;
  }

  /** The JSON-RPC error code. */
  public int code() {
    return code;
  }

  /** The default message. */
  public String message() {
    return message;
  }

  /** An exception with this code and the default message. */
  public RpcException exception() {
    return new RpcException(code, message);
  }

  /** An exception with this code and {@code detail} as its message. */
  public RpcException exception(String detail) {
    return new RpcException(code, detail);
  }
}
