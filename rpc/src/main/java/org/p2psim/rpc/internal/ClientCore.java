package org.p2psim.rpc.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcError;
import org.p2psim.api.RpcException;
import org.p2psim.api.TypeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-independent half of a JSON-RPC client: request ids, pending calls and their
 * timeouts, result mapping, and subscriptions. A transport feeds it every incoming message in order
 * and reports when the connection closes.
 */
public final class ClientCore {
  private static final Logger log = LoggerFactory.getLogger(ClientCore.class);

  private static final ClassValue<ObjectReader> READERS =
      new ClassValue<>() {
        @Override
        protected ObjectReader computeValue(Class<?> type) {
          return Json.client().readerFor(type);
        }
      };

  /** Where requests go. */
  public interface Wire {
    /** Sends one message; any thread; throws when the connection is closed. */
    void send(String message);

    /** Closes the connection. */
    void close();
  }

  private final Wire wire;
  private final Duration timeout;
  private final long timeoutNanos;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
  private final Map<String, Sub<?>> subs = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private volatile String closeReason;
  // Subscribe calls that timed out, by request id, with their namespace: if the server's answer
  // comes after all, the subscription it made is ended rather than left sending to nobody.
  private final Map<Long, String> lateSubscribes =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
              return size() > 1024;
            }
          });

  public ClientCore(Wire wire, Duration timeout) {
    this.wire = wire;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
  }

  /** How often {@link #sweep()} should run for timeouts to be roughly on time. */
  public Duration sweepPeriod() {
    long ms = Math.max(10, Math.min(1000, timeout.toMillis() / 10));
    return Duration.ofMillis(ms);
  }

  /** Sends a call; the arguments are checked here for every client built on this core. */
  public <T> CompletableFuture<T> call(String method, Class<T> resultType, Object... params) {
    requireNonNull(method, "method");
    requireNonNull(resultType, "resultType");
    ObjectReader reader =
        resultType == Void.class || resultType == void.class ? null : READERS.get(resultType);
    return send(method, reader, null, params);
  }

  /** Sends a call whose result type has type arguments. */
  public <T> CompletableFuture<T> call(String method, TypeRef<T> resultType, Object... params) {
    requireNonNull(method, "method");
    requireNonNull(resultType, "resultType");
    ObjectMapper mapper = Json.client();
    return send(method, mapper.readerFor(mapper.constructType(resultType.type())), null, params);
  }

  public <T> CompletableFuture<RpcClient.Subscription> subscribe(
      String namespace, Class<T> eventType, Consumer<T> onEvent, Object... params) {
    requireNonNull(namespace, "namespace");
    requireNonNull(eventType, "eventType");
    requireNonNull(onEvent, "onEvent");
    Sub<T> sub = new Sub<>(namespace, READERS.get(eventType), onEvent);
    return send(namespace + "_subscribe", null, sub, params);
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> send(
      String method, ObjectReader reader, Sub<?> sub, Object[] params) {
    CompletableFuture<T> future = new CompletableFuture<>();
    String reason = closeReason;
    if (reason != null) {
      future.completeExceptionally(RpcError.CONNECTION_CLOSED.exception(reason));
      return future;
    }
    String paramsJson;
    try {
      paramsJson = params(params);
    } catch (JsonProcessingException e) {
      future.completeExceptionally(
          new IllegalArgumentException(
              "cannot serialise the params of " + method + " to JSON: " + e.getOriginalMessage(),
              e));
      return future;
    }
    long id = ids.incrementAndGet();
    Pending p =
        new Pending(
            method,
            System.nanoTime() + timeoutNanos,
            (CompletableFuture<Object>) future,
            reader,
            sub);
    pending.put(id, p);
    reason = closeReason;
    if (reason != null) {
      pending.remove(id);
      future.completeExceptionally(RpcError.CONNECTION_CLOSED.exception(reason));
      return future;
    }
    String message =
        "{\"jsonrpc\":\"2.0\",\"id\":"
            + id
            + ",\"method\":"
            + Json.quote(method)
            + ",\"params\":"
            + paramsJson
            + "}";
    try {
      wire.send(message);
    } catch (RuntimeException e) {
      if (pending.remove(id) != null) {
        future.completeExceptionally(
            RpcError.CONNECTION_CLOSED.exception("cannot send " + method + ": " + e.getMessage()));
      }
    }
    return future;
  }

  private static String params(Object[] params) throws JsonProcessingException {
    if (params == null || params.length == 0) {
      return "[]";
    }
    StringBuilder b = new StringBuilder().append('[');
    for (Object p : params) {
      String json = p == null ? "null" : Json.scalar(p);
      if (json == null) {
        return Json.client().writeValueAsString(params);
      }
      if (b.length() > 1) {
        b.append(',');
      }
      b.append(json);
    }
    return b.append(']').toString();
  }

  /** Handles one incoming message, text. */
  public void onMessage(String message) {
    JsonNode root;
    try {
      root = Json.readTree(message);
    } catch (IOException e) {
      log.debug("ignoring a message that is not JSON: {}", e.getMessage());
      return;
    }
    onMessage(root);
  }

  /** Handles one incoming message, UTF-8 bytes. */
  public void onMessage(byte[] message, int offset, int length) {
    JsonNode root;
    try {
      root = Json.readTree(message, offset, length);
    } catch (IOException e) {
      log.debug("ignoring a message that is not JSON: {}", e.getMessage());
      return;
    }
    onMessage(root);
  }

  private void onMessage(JsonNode root) {
    if (root == null) {
      return;
    }
    if (root.isArray()) {
      for (JsonNode n : root) {
        onObject(n);
      }
    } else {
      onObject(root);
    }
  }

  private void onObject(JsonNode msg) {
    JsonNode id = msg.get("id");
    if (id != null && id.canConvertToLong()) {
      response(id.longValue(), msg);
      return;
    }
    JsonNode method = msg.get("method");
    JsonNode params = msg.get("params");
    if (method != null
        && method.isTextual()
        && method.textValue().endsWith("_subscription")
        && params != null
        && params.path("subscription").isTextual()) {
      notification(params);
      return;
    }
    JsonNode error = msg.get("error");
    if (error != null) {
      // An error without an id we sent: the server could not read something of ours.
      log.warn("RPC server reported an error outside any call: {}", error);
      return;
    }
    log.debug("ignoring an unexpected message: {}", msg);
  }

  private void response(long id, JsonNode msg) {
    Pending p = pending.remove(id);
    if (p == null) {
      String namespace = lateSubscribes.remove(id);
      JsonNode subId = msg.get("result");
      if (namespace != null && subId != null && subId.isTextual() && closeReason == null) {
        log.debug("ending subscription {}, whose subscribe call timed out", subId.textValue());
        call(namespace + "_unsubscribe", Boolean.class, subId.textValue());
        return;
      }
      log.debug("ignoring a response to unknown or timed-out request {}", id);
      return;
    }
    JsonNode error = msg.get("error");
    if (error != null && !error.isNull()) {
      p.future.completeExceptionally(
          new RpcException(
              error.path("code").asInt(RpcError.INTERNAL_ERROR.code()),
              error.path("message").asText("(no message)")));
      return;
    }
    JsonNode result = msg.path("result");
    if (p.sub != null) {
      if (!result.isTextual()) {
        p.future.completeExceptionally(
            RpcError.BAD_RESULT.exception(
                p.method + " answered " + result + ", expected a subscription id string"));
        return;
      }
      p.sub.start(this, result.textValue());
      String reason = closeReason;
      if (reason != null && subs.remove(p.sub.id, p.sub)) {
        // Closed as the answer came: failAll() ran before the subscription was in subs.
        p.sub.closed.completeExceptionally(RpcError.CONNECTION_CLOSED.exception(reason));
        p.future.completeExceptionally(RpcError.CONNECTION_CLOSED.exception(reason));
        return;
      }
      p.future.complete(p.sub);
      return;
    }
    if (p.reader == null) {
      p.future.complete(null);
      return;
    }
    Object value = scalar(p.reader.getValueType().getRawClass(), result);
    if (value != null) {
      p.future.complete(value);
      return;
    }
    try {
      value = p.reader.readValue(result);
    } catch (IOException | RuntimeException e) {
      p.future.completeExceptionally(
          RpcError.BAD_RESULT.exception(
              "cannot map the result of "
                  + p.method
                  + " to "
                  + p.reader.getValueType().toCanonical()
                  + ": "
                  + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e)));
      return;
    }
    p.future.complete(value);
  }

  private void notification(JsonNode params) {
    String id = params.get("subscription").textValue();
    Sub<?> sub = subs.get(id);
    if (sub == null) {
      log.debug("ignoring a notification for unknown subscription {}", id);
      return;
    }
    JsonNode error = params.get("error");
    if (error != null) {
      subs.remove(id, sub);
      sub.closed.completeExceptionally(
          new RpcException(
              error.path("code").asInt(RpcError.SUBSCRIPTION_DROPPED.code()),
              error.path("message").asText("subscription ended by the server")));
      return;
    }
    sub.deliver(this, params.path("result"));
  }

  /** A scalar result of the common types without Jackson's databind, or null. */
  private static Object scalar(Class<?> type, JsonNode node) {
    if (type == String.class) {
      return node.isTextual() ? node.textValue() : null;
    }
    if (type == Integer.class || type == int.class) {
      return node.isInt() ? node.intValue() : null;
    }
    if (type == Long.class || type == long.class) {
      return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
    }
    if (type == Boolean.class || type == boolean.class) {
      return node.isBoolean() ? node.booleanValue() : null;
    }
    return null;
  }

  /** Fails the calls whose time is up. */
  public void sweep() {
    long now = System.nanoTime();
    for (Map.Entry<Long, Pending> e : pending.entrySet()) {
      Pending p = e.getValue();
      if (now - p.deadline >= 0 && pending.remove(e.getKey(), p)) {
        if (p.sub != null) {
          lateSubscribes.put(e.getKey(), p.sub.namespace);
        }
        p.future.completeExceptionally(
            RpcError.TIMEOUT.exception(
                "call " + p.method + " timed out after " + Durations.text(timeout)));
      }
    }
  }

  /**
   * The connection is gone: fails every pending call and ends every subscription with {@code
   * reason}, then completes {@link #closed()}. Idempotent.
   */
  public void closed(String reason) {
    if (closeReason == null) {
      synchronized (this) {
        if (closeReason == null) {
          closeReason = reason;
        }
      }
    }
    failAll();
    closed.complete(null);
  }

  /** Closes from this side: fails what is pending at once, then closes the connection. */
  public void close() {
    if (closeReason == null) {
      synchronized (this) {
        if (closeReason == null) {
          closeReason = "connection closed";
        }
      }
    }
    failAll();
    wire.close();
  }

  private void failAll() {
    String reason = closeReason;
    for (Long id : List.copyOf(pending.keySet())) {
      Pending p = pending.remove(id);
      if (p != null) {
        p.future.completeExceptionally(RpcError.CONNECTION_CLOSED.exception(reason));
      }
    }
    for (Sub<?> s : List.copyOf(subs.values())) {
      if (subs.remove(s.id, s)) {
        s.closed.completeExceptionally(RpcError.CONNECTION_CLOSED.exception(reason));
      }
    }
  }

  public boolean isClosed() {
    return closeReason != null;
  }

  /** Completes when the connection has closed, from either side. */
  public CompletionStage<Void> closed() {
    return closed;
  }

  private record Pending(
      String method,
      long deadline,
      CompletableFuture<Object> future,
      ObjectReader reader,
      Sub<?> sub) {}

  /** The client side of one subscription. */
  private static final class Sub<T> implements RpcClient.Subscription {
    private final String namespace;
    private final ObjectReader reader;
    private final Consumer<T> onEvent;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile String id;
    private ClientCore core;

    Sub(String namespace, ObjectReader reader, Consumer<T> onEvent) {
      this.namespace = namespace;
      this.reader = reader;
      this.onEvent = onEvent;
    }

    void start(ClientCore core, String id) {
      this.core = core;
      this.id = id;
      core.subs.put(id, this);
    }

    void deliver(ClientCore core, JsonNode result) {
      T event;
      try {
        event = reader.readValue(result);
      } catch (IOException | RuntimeException e) {
        if (core.subs.remove(id, this)) {
          closed.completeExceptionally(
              RpcError.BAD_RESULT.exception(
                  "cannot map an event of subscription "
                      + id
                      + " to "
                      + reader.getValueType().toCanonical()
                      + ": "
                      + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e)));
          core.call(namespace + "_unsubscribe", Boolean.class, id);
        }
        return;
      }
      try {
        onEvent.accept(event);
      } catch (RuntimeException e) {
        log.warn("the event handler of subscription {} threw", id, e);
      }
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public CompletionStage<Void> unsubscribe() {
      if (!core.subs.remove(id, this)) {
        return closed.isCompletedExceptionally() ? CompletableFuture.completedFuture(null) : closed;
      }
      closed.complete(null);
      return core.call(namespace + "_unsubscribe", Boolean.class, id).thenApply(ended -> null);
    }

    @Override
    public CompletionStage<Void> closed() {
      return closed;
    }

    @Override
    public String toString() {
      return "subscription " + id + " (" + namespace + ")";
    }
  }
}
