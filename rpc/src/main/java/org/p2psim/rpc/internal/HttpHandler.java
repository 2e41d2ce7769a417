package org.p2psim.rpc.internal;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import org.p2psim.api.RpcError;

/**
 * JSON-RPC over HTTP POST, as go-ethereum serves it: one request (or batch) per POST with {@code
 * Content-Type: application/json}, the response in the body (empty for notifications only). No
 * subscriptions: they need a connection.
 */
public final class HttpHandler implements Handler<HttpServerRequest> {
  private static final Transport NONE =
      new Transport() {
        @Override
        public void write(String message) {
          throw new UnsupportedOperationException("HTTP answers each request in its exchange");
        }

        @Override
        public void wakeUp() {}

        @Override
        public void close() {}
      };

  private final Dispatcher dispatcher;
  private final Session session;
  private final int max;

  public HttpHandler(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
    this.session = dispatcher.open(NONE, false);
    this.max = dispatcher.maxMessageSize();
  }

  @Override
  public void handle(HttpServerRequest req) {
    HttpServerResponse res = req.response();
    if (dispatcher.isClosed()) {
      reply(
          res,
          503,
          Responses.error("null", RpcError.SERVER_ERROR.code(), "the RPC server is closed"));
      return;
    }
    if (req.method() != HttpMethod.POST) {
      res.putHeader("Allow", "POST");
      reply(
          res,
          405,
          Responses.error(
              "null",
              RpcError.INVALID_REQUEST.code(),
              "HTTP method "
                  + req.method()
                  + " not allowed: send JSON-RPC as a POST with Content-Type application/json,"
                  + " or open a WebSocket on this URL"));
      return;
    }
    String type = req.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      reply(
          res,
          415,
          Responses.error(
              "null",
              RpcError.INVALID_REQUEST.code(),
              "invalid content type: expected application/json, got "
                  + (type == null ? "none" : type)));
      return;
    }
    String length = req.getHeader("Content-Length");
    if (length != null) {
      long n;
      try {
        n = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n > max) {
        tooLarge(req, n);
        return;
      }
    }
    Buffer body = Buffer.buffer();
    long[] size = {0};
    boolean[] refused = {false};
    req.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          size[0] += chunk.length();
          if (size[0] > max) {
            refused[0] = true;
            tooLarge(req, size[0]);
          } else {
            body.appendBuffer(chunk);
          }
        });
    Context context = Vertx.currentContext();
    req.endHandler(
        v -> {
          if (refused[0]) {
            return;
          }
          session.exchange(
              body.getBytes(),
              text -> {
                if (context == null || Vertx.currentContext() == context) {
                  answer(res, text);
                } else {
                  context.runOnContext(x -> answer(res, text));
                }
              });
        });
  }

  /**
   * Answers 413 at once and drops the rest of the body unread into memory; the connection closes
   * once the request has ended ({@code Connection: close}), so the client can read the answer.
   */
  private void tooLarge(HttpServerRequest req, long size) {
    HttpServerResponse res = req.response();
    req.handler(chunk -> {});
    if (res.ended()) {
      return;
    }
    res.setStatusCode(413)
        .putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close")
        .end(dispatcher.tooLarge(size));
  }

  private static void answer(HttpServerResponse res, String text) {
    if (res.closed() || res.ended()) {
      return;
    }
    if (text == null) {
      res.setStatusCode(200).end();
    } else {
      reply(res, 200, text);
    }
  }

  private static void reply(HttpServerResponse res, int status, String json) {
    if (res.ended()) {
      return;
    }
    res.setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
  }
}
