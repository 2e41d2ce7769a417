package org.p2psim.rpc;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.concurrent.Executor;
import org.p2psim.api.RpcError;
import org.p2psim.api.spi.RpcApi;
import org.p2psim.api.spi.RpcSubscriber;
import org.p2psim.rpc.internal.Dispatcher;

/**
 * A JSON-RPC 2.0 server, independent of any transport: {@link RpcHttpServer} serves it over
 * WebSocket and HTTP POST, {@link InMemoryRpc} in memory or over any {@link
 * org.p2psim.api.RpcConnection}, with the same behaviour and the same bytes.
 *
 * <p>Each public method of a registered object becomes {@code <namespace>_<methodName>}, with
 * positional parameters mapped by Jackson to the parameter types (generics honoured). Every
 * parameter is required and never null, except an {@code Optional}, which may be left out (when
 * trailing) or be null and arrives as {@code Optional.empty()}; see {@link RpcApi}. A method may
 * return a value, nothing ({@code null}), an {@code Optional} (unwrapped) or a {@code
 * CompletionStage} (awaited without blocking a thread). A method whose first parameter is an {@link
 * RpcSubscriber} is a subscription, started with {@code <namespace>_subscribe("<methodName>",
 * args...)} and ended with {@code <namespace>_unsubscribe(id)}. {@code rpc_modules} is built in.
 *
 * <p>Threads: every API method, and every subscription's {@code onClose} handler, runs on the
 * executor given here, so a node that passes its own event-loop context needs no locks in its
 * services. Parsing, parameter mapping and error answers happen on the transport's thread; results
 * are serialised on the thread that produced them.
 *
 * <p>Errors: see {@link RpcError}. An exception thrown by a method answers -32000 with its message;
 * an {@link org.p2psim.api.RpcException} keeps its code; an exception that signals a bug ({@code
 * NullPointerException}, {@code ClassCastException}, an {@code Error}...) answers -32603 and is
 * logged once at ERROR with its stack.
 *
 * <p>Limits: a message over {@link #maxMessageSize()} bytes is refused. Each connection has a send
 * queue of at most {@link #sendQueueLimit()} messages: a subscription that would send past it is
 * ended with a final notification carrying error -32001, and the connection stops reading requests
 * while its queued responses plus requests in progress reach the limit, until half have drained.
 *
 * <pre>{@code
 * RpcServer rpc = new RpcServer(r -> context.runOnContext(v -> r.run()));
 * rpc.register("admin", new AdminApi(node));
 * RpcHttpServer http = RpcHttpServer.start(vertx, rpc).toCompletableFuture().join();
 * }</pre>
 */
public final class RpcServer implements AutoCloseable {
  /** The default limit on an incoming message: 16 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

  /** The default limit on one connection's send queue: 10,000 messages. */
  public static final int DEFAULT_SEND_QUEUE_LIMIT = 10_000;

  private final Dispatcher dispatcher;

  /** A server with the default limits whose API methods run on {@code executor}. */
  public RpcServer(Executor executor) {
    this(builder(executor));
  }

  private RpcServer(Builder b) {
    this.dispatcher = new Dispatcher(b.executor, b.maxMessageSize, b.sendQueueLimit);
  }

  /** A builder for a server whose API methods run on {@code executor}. */
  public static Builder builder(Executor executor) {
    return new Builder(executor);
  }

  /**
   * Serves {@code api}'s public methods under its namespace.
   *
   * @throws IllegalArgumentException when the namespace is taken (naming both objects), a method
   *     name is overloaded (naming both signatures), a method is called {@code subscribe} or {@code
   *     unsubscribe}, or the object has no public methods
   */
  public RpcServer register(RpcApi api) {
    dispatcher.register(requireNonNull(api, "api"));
    return this;
  }

  /**
   * Serves {@code implementation}'s public methods as {@code <namespace>_<method>}.
   *
   * @see #register(RpcApi)
   */
  public RpcServer register(String namespace, Object implementation) {
    return register(new RpcApi(namespace, implementation));
  }

  /** The served namespaces, {@code rpc} included, sorted. */
  public Set<String> namespaces() {
    return dispatcher.namespaces();
  }

  /** The largest message accepted, in bytes of UTF-8. */
  public int maxMessageSize() {
    return dispatcher.maxMessageSize();
  }

  /** The most messages one connection may have queued for sending. */
  public int sendQueueLimit() {
    return dispatcher.sendQueueLimit();
  }

  /**
   * Closes every connection to this server (ending their subscriptions) and refuses new ones. The
   * transports' listeners ({@link RpcHttpServer}) are closed by their owners.
   */
  @Override
  public void close() {
    dispatcher.close();
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  /** Options of an {@link RpcServer}. */
  public static final class Builder {
    private final Executor executor;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int sendQueueLimit = DEFAULT_SEND_QUEUE_LIMIT;

    private Builder(Executor executor) {
      this.executor = requireNonNull(executor, "executor");
    }

    /** The largest incoming message, in bytes; default 16 MiB. */
    public Builder maxMessageSize(int bytes) {
      if (bytes < 64) {
        throw new IllegalArgumentException(
            "maxMessageSize must be at least 64 bytes, got " + bytes);
      }
      this.maxMessageSize = bytes;
      return this;
    }

    /** The most messages one connection may have queued for sending; default 10,000. */
    public Builder sendQueueLimit(int messages) {
      if (messages < 1) {
        throw new IllegalArgumentException("sendQueueLimit must be at least 1, got " + messages);
      }
      this.sendQueueLimit = messages;
      return this;
    }

    public RpcServer build() {
      return new RpcServer(this);
    }
  }
}
