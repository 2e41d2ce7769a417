package org.p2psim.rpc.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.p2psim.api.RpcError;
import org.p2psim.api.RpcException;
import org.p2psim.api.spi.RpcApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-independent JSON-RPC 2.0 engine behind {@code RpcServer}: parses messages, checks
 * them, maps parameters, calls methods on the executor and writes responses.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final String SUBSCRIBE = "_subscribe";
  private static final String UNSUBSCRIBE = "_unsubscribe";

  private final Registry registry = new Registry();
  private final Executor executor;
  private final int maxMessageSize;
  private final int sendQueueLimit;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public Dispatcher(Executor executor, int maxMessageSize, int sendQueueLimit) {
    this.executor = executor;
    this.maxMessageSize = maxMessageSize;
    this.sendQueueLimit = sendQueueLimit;
  }

  public void register(RpcApi api) {
    registry.register(api);
  }

  public Set<String> namespaces() {
    return registry.namespaces();
  }

  public int maxMessageSize() {
    return maxMessageSize;
  }

  public int sendQueueLimit() {
    return sendQueueLimit;
  }

  /**
   * Opens a session over {@code transport}.
   *
   * @param subscriptions whether the transport can carry notifications (not HTTP)
   * @throws IllegalStateException when the server is closed
   */
  public Session open(Transport transport, boolean subscriptions) {
    if (closed) {
      throw new IllegalStateException("the RPC server is closed");
    }
    Session s = new Session(this, transport, subscriptions);
    if (subscriptions) {
      sessions.add(s);
      if (closed) {
        sessions.remove(s);
        throw new IllegalStateException("the RPC server is closed");
      }
    }
    return s;
  }

  /** Closes every session; no new ones open. */
  public void close() {
    closed = true;
    for (Session s : List.copyOf(sessions)) {
      s.close();
    }
  }

  void forget(Session s) {
    sessions.remove(s);
  }

  /** Runs {@code task} on the executor, logging when it refuses. */
  void execute(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      log.debug("RPC executor rejected a task: {}", e.toString());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  void handle(Session session, String text, Consumer<String> reply) {
    if (text.length() > maxMessageSize / 3) {
      long size = utf8Length(text);
      if (size > maxMessageSize) {
        reply.accept(tooLarge(size));
        return;
      }
    }
    JsonNode root;
    try {
      root = Json.readTree(text);
    } catch (IOException e) {
      reply.accept(parseError(e));
      return;
    }
    handle(session, root, reply);
  }

  void handle(Session session, byte[] data, int offset, int length, Consumer<String> reply) {
    if (length > maxMessageSize) {
      reply.accept(tooLarge(length));
      return;
    }
    JsonNode root;
    try {
      root = Json.readTree(data, offset, length);
    } catch (IOException e) {
      reply.accept(parseError(e));
      return;
    }
    handle(session, root, reply);
  }

  /**
   * The -32603 answer when handling a message failed in p2psim's own code (a bug), after logging
   * it; the connection goes on.
   */
  String bug(RuntimeException e) {
    log.error("handling an RPC message failed", e);
    return error("null", RpcError.INTERNAL_ERROR.code(), "internal error: " + e);
  }

  public boolean isClosed() {
    return closed;
  }

  /** The -32600 answer to a message over the size limit. */
  public String tooLarge(long size) {
    return error(
        "null",
        RpcError.INVALID_REQUEST.code(),
        "invalid request: message of "
            + size
            + " bytes exceeds the limit of "
            + maxMessageSize
            + " bytes");
  }

  private void handle(Session session, JsonNode root, Consumer<String> reply) {
    if (root == null || root.isMissingNode()) {
      reply.accept(error("null", RpcError.PARSE_ERROR.code(), "parse error: empty message"));
      return;
    }
    Exchange ex = new Exchange(reply);
    if (root.isArray()) {
      int n = root.size();
      if (n == 0) {
        ex.finish(error("null", RpcError.INVALID_REQUEST.code(), "invalid request: empty batch"));
        return;
      }
      Batch batch = new Batch(ex, n);
      for (int i = 0; i < n; i++) {
        int index = i;
        request(session, ex, root.get(i), text -> batch.done(index, text));
      }
    } else {
      request(session, ex, root, ex::finish);
    }
  }

  /** One request object, whose answer (or null) goes to {@code done}. */
  private void request(Session session, Exchange ex, JsonNode req, Consumer<String> done) {
    if (!req.isObject()) {
      done.accept(
          error(
              "null",
              RpcError.INVALID_REQUEST.code(),
              "invalid request: expected a request object, got " + Json.kind(req)));
      return;
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
          error(
              "null",
              RpcError.INVALID_REQUEST.code(),
              "invalid request: \"id\" must be a number, string or null, got "
                  + (idNode.isNumber() ? idNode.asText() : Json.kind(idNode))));
      return;
    }
    String replyId = id == null ? "null" : id;
    JsonNode version = req.get("jsonrpc");
    if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
      done.accept(
          error(
              replyId,
              RpcError.INVALID_REQUEST.code(),
              "invalid request: \"jsonrpc\" must be \"2.0\", got "
                  + (version == null ? "nothing" : shorten(Json.write(version)))));
      return;
    }
    JsonNode methodNode = req.get("method");
    if (methodNode == null || !methodNode.isTextual()) {
      done.accept(
          error(
              replyId,
              RpcError.INVALID_REQUEST.code(),
              "invalid request: \"method\" must be a string, got " + Json.kind(methodNode)));
      return;
    }
    String method = methodNode.textValue();
    JsonNode params = req.get("params");
    if (params != null && params.isNull()) {
      params = null;
    }
    if (params != null && !params.isArray()) {
      done.accept(
          answer(
              id,
              error(
                  replyId,
                  RpcError.INVALID_PARAMS.code(),
                  "invalid params: expected an array of positional parameters, got "
                      + Json.kind(params))));
      return;
    }
    MethodHandler h = registry.method(method);
    if (h != null) {
      call(h, params, id, done);
    } else if (method.endsWith(SUBSCRIBE)) {
      subscribe(session, ex, method, params, id, done);
    } else if (method.endsWith(UNSUBSCRIBE)) {
      unsubscribe(session, method, params, id, done);
    } else {
      done.accept(answer(id, notFound(id, method)));
    }
  }

  private String notFound(String id, String method) {
    String text = "the method " + method + " does not exist/is not available";
    int sep = method.indexOf('_');
    if (sep > 0
        && registry.subscription(method.substring(0, sep), method.substring(sep + 1)) != null) {
      text +=
          " (it is a subscription: call "
              + method.substring(0, sep)
              + "_subscribe(\""
              + method.substring(sep + 1)
              + "\", ...))";
    }
    return error(id, RpcError.METHOD_NOT_FOUND.code(), text);
  }

  private void call(MethodHandler h, JsonNode params, String id, Consumer<String> done) {
    Object[] args;
    try {
      args = h.arguments(params, 0);
    } catch (MethodHandler.InvalidParamsException e) {
      done.accept(answer(id, error(id, RpcError.INVALID_PARAMS.code(), e.getMessage())));
      return;
    }
    run(
        h,
        id,
        done,
        () -> {
          Object result;
          try {
            result = h.invoke(args);
          } catch (Throwable t) {
            done.accept(failure(h, id, t));
            return;
          }
          complete(h, id, result, done);
        });
  }

  private void run(MethodHandler h, String id, Consumer<String> done, Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      done.accept(
          answer(
              id,
              error(
                  id,
                  RpcError.SERVER_ERROR.code(),
                  "cannot run " + h.name + ": the server is not accepting work (" + e + ")")));
    }
  }

  private void complete(MethodHandler h, String id, Object result, Consumer<String> done) {
    if (result instanceof CompletionStage<?> stage) {
      stage.whenComplete(
          (value, t) -> {
            if (t != null) {
              done.accept(failure(h, id, t));
            } else {
              complete(h, id, value, done);
            }
          });
      return;
    }
    if (id == null) {
      done.accept(null);
      return;
    }
    if (result instanceof java.util.Optional<?> o) {
      result = o.orElse(null);
    }
    String json;
    try {
      json = result == null ? "null" : Json.scalar(result);
      if (json == null) {
        json = Json.write(result);
      }
    } catch (RuntimeException e) {
      log.error("cannot serialise the result of {}", h.name, e);
      done.accept(
          error(
              id,
              RpcError.INTERNAL_ERROR.code(),
              "internal error: cannot serialise the result of "
                  + h.name
                  + " ("
                  + result.getClass().getName()
                  + ") to JSON: "
                  + (e.getCause() instanceof JsonProcessingException j
                      ? j.getOriginalMessage()
                      : e)));
      return;
    }
    done.accept("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + json + "}");
  }

  /** The error response for a method that threw {@code t} (or null for a notification). */
  private static String failure(MethodHandler h, String id, Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof RpcException r) {
      return answer(id, error(id, r.code(), String.valueOf(r.getMessage())));
    }
    if (unexpected(t)) {
      log.error("RPC method {} failed unexpectedly", h.name, t);
      return answer(
          id, error(id, RpcError.INTERNAL_ERROR.code(), "internal error in " + h.name + ": " + t));
    }
    log.debug("RPC method {} failed: {}", h.name, t.toString());
    String message = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    return answer(id, error(id, RpcError.SERVER_ERROR.code(), message));
  }

  /** Exceptions that signal a bug rather than a refusal: -32603, logged with their stack. */
  private static boolean unexpected(Throwable t) {
    return t instanceof Error
        || t instanceof NullPointerException
        || t instanceof ClassCastException
        || t instanceof IndexOutOfBoundsException
        || t instanceof ArithmeticException
        || t instanceof ArrayStoreException
        || t instanceof NegativeArraySizeException
        || t instanceof IllegalMonitorStateException
        || t instanceof ConcurrentModificationException;
  }

  // ---------------------------------------------------------------------------------------------
  // Subscriptions

  private void subscribe(
      Session session,
      Exchange ex,
      String method,
      JsonNode params,
      String id,
      Consumer<String> done) {
    String ns = method.substring(0, method.length() - SUBSCRIBE.length());
    String refusal = subscriptionRefusal(session, ns, method, id);
    if (refusal != null) {
      done.accept(refusal);
      return;
    }
    if (id == null) {
      log.debug("ignoring {} sent as a notification: its id could never be used", method);
      done.accept(null);
      return;
    }
    if (params == null || params.isEmpty() || !params.get(0).isTextual()) {
      done.accept(
          error(
              id,
              RpcError.INVALID_PARAMS.code(),
              "invalid argument 0: expected the subscription name as a string, got "
                  + (params == null || params.isEmpty() ? "nothing" : Json.kind(params.get(0)))));
      return;
    }
    String event = params.get(0).textValue();
    MethodHandler h = registry.subscription(ns, event);
    if (h == null) {
      done.accept(
          error(
              id,
              RpcError.METHOD_NOT_FOUND.code(),
              "no \"" + event + "\" subscription in " + ns + " namespace"));
      return;
    }
    Object[] args;
    try {
      args = h.arguments(params, 1);
    } catch (MethodHandler.InvalidParamsException e) {
      done.accept(error(id, RpcError.INVALID_PARAMS.code(), e.getMessage()));
      return;
    }
    Subscriber sub = session.subscribe(ns);
    args[0] = sub;
    ex.created(sub);
    String answer = "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"" + sub.id() + "\"}";
    run(
        h,
        id,
        text -> {
          sub.discard();
          done.accept(text);
        },
        () -> {
          Object result;
          try {
            result = h.invoke(args);
          } catch (Throwable t) {
            sub.discard();
            done.accept(failure(h, id, t));
            return;
          }
          if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete(
                (v, t) -> {
                  if (t != null) {
                    sub.discard();
                    done.accept(failure(h, id, t));
                  } else {
                    done.accept(answer);
                  }
                });
          } else {
            done.accept(answer);
          }
        });
  }

  /**
   * The answer refusing a {@code _subscribe} or {@code _unsubscribe} call: an unknown namespace, or
   * a session that cannot carry notifications. Null when the call may go on.
   */
  private String subscriptionRefusal(Session session, String ns, String method, String id) {
    if (!registry.hasNamespace(ns)) {
      return answer(id, notFound(id, method));
    }
    if (!session.supportsSubscriptions()) {
      return answer(id, error(id, RpcError.METHOD_NOT_FOUND.code(), "notifications not supported"));
    }
    return null;
  }

  private void unsubscribe(
      Session session, String method, JsonNode params, String id, Consumer<String> done) {
    String ns = method.substring(0, method.length() - UNSUBSCRIBE.length());
    String refusal = subscriptionRefusal(session, ns, method, id);
    if (refusal != null) {
      done.accept(refusal);
      return;
    }
    String problem = null;
    if (params == null || params.isEmpty()) {
      problem = "missing value for required argument 0";
    } else if (params.size() > 1) {
      problem = "too many arguments, want at most 1";
    } else if (!params.get(0).isTextual()) {
      problem = "invalid argument 0: expected string, got " + Json.kind(params.get(0));
    }
    if (problem != null) {
      done.accept(answer(id, error(id, RpcError.INVALID_PARAMS.code(), problem)));
      return;
    }
    boolean ended = session.unsubscribe(params.get(0).textValue());
    done.accept(
        id == null ? null : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + ended + "}");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** {@code response} for a request, null for a notification. */
  private static String answer(String id, String response) {
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

  private static String parseError(IOException e) {
    String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
    JsonLocation at = e instanceof JsonProcessingException j ? j.getLocation() : null;
    if (at != null && at.getLineNr() > 0) {
      detail += " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return error("null", RpcError.PARSE_ERROR.code(), "parse error: " + detail);
  }

  /** At most 64 characters of a caller's value, for an error message. */
  private static String shorten(String json) {
    return json.length() <= 64 ? json : json.substring(0, 61) + "...";
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

  /** One incoming message: its single reply, and the subscriptions to start once it is sent. */
  private static final class Exchange {
    private final Consumer<String> reply;
    private List<Subscriber> created;

    Exchange(Consumer<String> reply) {
      this.reply = reply;
    }

    synchronized void created(Subscriber s) {
      if (created == null) {
        created = new ArrayList<>(1);
      }
      created.add(s);
    }

    void finish(String text) {
      reply.accept(text);
      List<Subscriber> subs;
      synchronized (this) {
        subs = created;
      }
      if (subs != null) {
        for (Subscriber s : subs) {
          s.activate();
        }
      }
    }
  }

  /** The answers of a batch, joined in request order once all are in. */
  private static final class Batch {
    private final Exchange ex;
    private final String[] answers;
    private final AtomicInteger remaining;

    Batch(Exchange ex, int n) {
      this.ex = ex;
      this.answers = new String[n];
      this.remaining = new AtomicInteger(n);
    }

    void done(int index, String text) {
      answers[index] = text;
      if (remaining.decrementAndGet() != 0) {
        return;
      }
      StringBuilder b = new StringBuilder().append('[');
      for (String a : answers) {
        if (a != null) {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append(a);
        }
      }
      ex.finish(b.length() == 1 ? null : b.append(']').toString());
    }
  }
}
