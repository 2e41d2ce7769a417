package org.p2psim.rpc.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.Optional;
import org.p2psim.api.RpcError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The text of JSON-RPC responses, written by hand around an id that is already JSON (a request's
 * own id text, or {@code "null"}): results, and errors with their code and message.
 */
final class Responses {
  private static final Logger log = LoggerFactory.getLogger(Responses.class);

  private Responses() {}

  /** {@code response} for a request, null for a notification (whose {@code id} is null). */
  static String answer(String id, String response) {
    return id == null ? null : response;
  }

  static String error(String id, int code, String message) {
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + (id == null ? "null" : id)
        + ",\"error\":{\"code\":"
        + code
        + ",\"message\":"
        + Json.quote(message)
        + "}}";
  }

  /** A result whose JSON is {@code json}. */
  static String result(String id, String json) {
    return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + json + "}";
  }

  /**
   * The answer carrying what method {@code method} returned: an {@code Optional} unwrapped, {@code
   * null} as JSON null, the usual shapes written without databind. A value that cannot be written
   * is a bug: -32603, logged once at ERROR.
   */
  static String resultOf(String method, String id, Object value) {
    if (value instanceof Optional<?> o) {
      value = o.orElse(null);
    }
    String json;
    try {
      json = value == null ? "null" : Json.scalar(value);
      if (json == null) {
        json = Json.write(value);
      }
    } catch (RuntimeException e) {
      log.error("cannot serialise the result of {}", method, e);
      return error(
          id,
          RpcError.INTERNAL_ERROR.code(),
          "internal error: cannot serialise the result of "
              + method
              + " ("
              + value.getClass().getName()
              + ") to JSON: "
              + (e.getCause() instanceof JsonProcessingException j ? j.getOriginalMessage() : e));
    }
    return result(id, json);
  }

  /** The -32700 answer to a message that is not JSON, saying where it stops being JSON. */
  static String parseError(IOException e) {
    String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
    JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
    if (at != null && at.getLineNr() > 0) {
      detail += " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return error("null", RpcError.PARSE_ERROR.code(), "parse error: " + detail);
  }

  /** The -32600 answer to a message over the size limit. */
  static String tooLarge(long size, int maxMessageSize) {
    return error(
        "null",
        RpcError.INVALID_REQUEST.code(),
        "invalid request: message of "
            + size
            + " bytes exceeds the limit of "
            + maxMessageSize
            + " bytes");
  }

  /** At most 64 characters of a caller's value, for an error message. */
  static String shorten(String json) {
    return json.length() <= 64 ? json : json.substring(0, 61) + "...";
  }
}
