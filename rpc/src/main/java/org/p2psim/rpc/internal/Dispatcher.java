package org.p2psim.rpc.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.p2psim.api.RpcError;
import org.p2psim.api.spi.RpcApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-independent JSON-RPC 2.0 engine behind {@code RpcServer}: it holds the served
 * namespaces and the open sessions, and routes each request of a message to its handler. The jobs
 * along the way are done apart: {@link RequestReader} parses and checks messages, {@link Calls}
 * calls methods, {@link Subscriptions} starts and ends subscriptions, and {@link Responses} and
 * {@link Exchange} write the answers.
 */
public final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final Registry registry = new Registry();
  private final Executor executor;
  private final int maxMessageSize;
  private final int sendQueueLimit;
  private final RequestReader reader;
  private final Calls calls;
  private final Subscriptions subscriptions;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public Dispatcher(Executor executor, int maxMessageSize, int sendQueueLimit) {
    this.executor = executor;
    this.maxMessageSize = maxMessageSize;
    this.sendQueueLimit = sendQueueLimit;
    this.reader = new RequestReader(maxMessageSize);
    this.calls = new Calls(executor);
    this.subscriptions = new Subscriptions(registry, calls);
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

  public boolean isClosed() {
    return closed;
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

  /** The -32600 answer to a message over the size limit. */
  public String tooLarge(long size) {
    return reader.tooLarge(size);
  }

  /**
   * The -32603 answer when handling a message failed in p2psim's own code (a bug), after logging
   * it; the connection goes on.
   */
  String bug(RuntimeException e) {
    log.error("handling an RPC message failed", e);
    return Responses.error("null", RpcError.INTERNAL_ERROR.code(), "internal error: " + e);
  }

  // ---------------------------------------------------------------------------------------------
  // Messages

  void handle(Session session, String text, Consumer<String> reply) {
    JsonNode root = reader.parse(text, reply);
    if (root != null) {
      route(session, root, reply);
    }
  }

  void handle(Session session, byte[] data, int offset, int length, Consumer<String> reply) {
    JsonNode root = reader.parse(data, offset, length, reply);
    if (root != null) {
      route(session, root, reply);
    }
  }

  /** A message: one request, or a batch whose answers go out together. */
  private void route(Session session, JsonNode root, Consumer<String> reply) {
    Exchange ex = new Exchange(reply);
    if (root.isArray()) {
      int n = root.size();
      if (n == 0) {
        ex.finish(
            Responses.error(
                "null", RpcError.INVALID_REQUEST.code(), "invalid request: empty batch"));
        return;
      }
      Exchange.Batch batch = ex.batch(n);
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
    RequestReader.Request r = RequestReader.check(req, done);
    if (r == null) {
      return;
    }
    String method = r.method();
    MethodHandler h = registry.method(method);
    if (h != null) {
      calls.call(h, r.params(), r.id(), done);
    } else if (method.endsWith(Subscriptions.SUBSCRIBE)) {
      subscriptions.subscribe(session, ex, method, r.params(), r.id(), done);
    } else if (method.endsWith(Subscriptions.UNSUBSCRIBE)) {
      subscriptions.unsubscribe(session, method, r.params(), r.id(), done);
    } else {
      done.accept(
          Responses.answer(
              r.id(),
              Responses.error(
                  r.id(), RpcError.METHOD_NOT_FOUND.code(), registry.notFound(method))));
    }
  }
}
