package org.p2psim.rpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.function.Consumer;
import org.p2psim.api.RpcError;

/**
 * Reads incoming messages: the size limit, the JSON parse into a tree (streaming parser, no
 * databind), and the envelope of each request object ({@code jsonrpc}, {@code id}, {@code method},
 * {@code params}). What does not pass is answered here with -32700, -32600 or -32602.
 */
final class RequestReader {
  private final int maxMessageSize;

  RequestReader(int maxMessageSize) {
    this.maxMessageSize = maxMessageSize;
  }

  /** A checked request; {@code id} is its id's JSON text, or null for a notification. */
  record Request(String id, String method, JsonNode params) {}

  /** The message's tree, or null after answering why there is none on {@code reply}. */
  JsonNode parse(String text, Consumer<String> reply) {
    if (text.length() > maxMessageSize / 3) {
      long size = utf8Length(text);
      if (size > maxMessageSize) {
        reply.accept(tooLarge(size));
        return null;
      }
    }
    try {
      return present(Json.readTree(text), reply);
    } catch (IOException e) {
      reply.accept(Responses.parseError(e));
      return null;
    }
  }

  /** The tree of a UTF-8 message, or null after answering why there is none on {@code reply}. */
  JsonNode parse(byte[] data, int offset, int length, Consumer<String> reply) {
    if (length > maxMessageSize) {
      reply.accept(tooLarge(length));
      return null;
    }
    try {
      return present(Json.readTree(data, offset, length), reply);
    } catch (IOException e) {
      reply.accept(Responses.parseError(e));
      return null;
    }
  }

  /** The -32600 answer to a message over the size limit. */
  String tooLarge(long size) {
    return Responses.tooLarge(size, maxMessageSize);
  }

  private static JsonNode present(JsonNode root, Consumer<String> reply) {
    if (root == null || root.isMissingNode()) {
      reply.accept(
          Responses.error("null", RpcError.PARSE_ERROR.code(), "parse error: empty message"));
      return null;
    }
    return root;
  }

  /**
   * Checks one element of a message: a request object with a valid envelope, or null after
   * answering what is wrong on {@code done}.
   */
  static Request check(JsonNode req, Consumer<String> done) {
    if (!req.isObject()) {
      done.accept(
          Responses.error(
              "null",
              RpcError.INVALID_REQUEST.code(),
              "invalid request: expected a request object, got " + Json.kind(req)));
      return null;
    }
    JsonNode idNode = req.get("id");
    String id;
    if (idNode == null) {
      id = null; // a notification
    } else if (idNode.isTextual()) {
      id = Json.quote(idNode.textValue());
    } else if (idNode.isNull()
        || idNode.isNumber()
            && (!idNode.isFloatingPointNumber() || Double.isFinite(idNode.doubleValue()))) {
      id = idNode.isNull() ? "null" : idNode.asText(); // a number's text is its JSON
    } else {
      done.accept(
          Responses.error(
              "null",
              RpcError.INVALID_REQUEST.code(),
              "invalid request: \"id\" must be a number, string or null, got "
                  + (idNode.isNumber() ? idNode.asText() : Json.kind(idNode))));
      return null;
    }
    String replyId = id == null ? "null" : id;
    JsonNode version = req.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
      done.accept(
          Responses.error(
              replyId,
              RpcError.INVALID_REQUEST.code(),
              "invalid request: \"jsonrpc\" must be \"2.0\", got "
                  + (version == null ? "nothing" : Responses.shorten(Json.write(version)))));
      return null;
    }
    JsonNode methodNode = req.get("method");
    if (methodNode == null || !methodNode.isTextual()) {
      done.accept(
          Responses.error(
              replyId,
              RpcError.INVALID_REQUEST.code(),
              "invalid request: \"method\" must be a string, got " + Json.kind(methodNode)));
      return null;
    }
    JsonNode params = req.get("params");
    if (params != null && params.isNull()) {
      params = null;
    }
    if (params != null && !params.isArray()) {
      done.accept(
          Responses.answer(
              id,
              Responses.error(
                  replyId,
                  RpcError.INVALID_PARAMS.code(),
                  "invalid params: expected an array of positional parameters, got "
                      + Json.kind(params))));
      return null;
    }
    return new Request(id, methodNode.textValue(), params);
  }

  private static long utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
