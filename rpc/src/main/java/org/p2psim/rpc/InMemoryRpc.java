package org.p2psim.rpc;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcConnection;
import org.p2psim.api.TypeRef;
import org.p2psim.rpc.internal.ClientCore;
import org.p2psim.rpc.internal.Session;
import org.p2psim.rpc.internal.Timer;
import org.p2psim.rpc.internal.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-RPC without sockets, for nodes in one JVM. Messages still travel as JSON text through the
 * same session code as WebSocket connections, so behaviour, errors and bytes are the same.
 *
 * <pre>{@code
 * RpcClient client = InMemoryRpc.connect(rpcServer);
 * String name = client.call("admin_nodeInfo", NodeInfo.class).toCompletableFuture().join().name();
 * }</pre>
 */
public final class InMemoryRpc {
  private static final Logger log = LoggerFactory.getLogger(InMemoryRpc.class);

  private InMemoryRpc() {}

  /**
   * A client of {@code server} in memory, with the default call timeout. Results and events are
   * delivered on the thread that produced them (usually the server's executor).
   */
  public static RpcClient connect(RpcServer server) {
    return connect(server, Runnable::run, WebSocketRpcClient.DEFAULT_CALL_TIMEOUT);
  }

  /**
   * A client of {@code server} in memory.
   *
   * @param callbacks where results and events are delivered, in order: a serial executor, such as
   *     the caller's own event-loop context, so that its code needs no locks. A message counts as
   *     queued (for the server's send limit) until {@code callbacks} has run it.
   * @param callTimeout how long each call may wait for its response
   * @throws IllegalStateException when the server is closed
   */
  public static RpcClient connect(RpcServer server, Executor callbacks, Duration callTimeout) {
    requireNonNull(server, "server");
    requireNonNull(callbacks, "callbacks");
    requireNonNull(callTimeout, "callTimeout");
    Pipe pipe = new Pipe(callbacks);
    pipe.session = server.dispatcher().open(pipe, true);
    pipe.core = new ClientCore(pipe.wire(), callTimeout);
    return new CoreClient(pipe.core, pipe::deliver);
  }

  /**
   * Serves {@code server} over {@code connection} until either closes: each message that arrives is
   * a request (or batch); responses and notifications go back through {@link
   * RpcConnection#send(String)}, which must not block. Such a connection has no flow control of its
   * own: the server counts each message as sent once {@code send} returns.
   *
   * @throws IllegalStateException when the server is closed
   */
  public static void serve(RpcServer server, RpcConnection connection) {
    requireNonNull(server, "server");
    requireNonNull(connection, "connection");
    Session[] session = new Session[1];
    Transport t =
        new Transport() {
          @Override
          public void write(String message) {
            try {
              connection.send(message);
            } catch (RuntimeException e) {
              log.debug("RPC connection refused a message: {}", e.toString());
            } finally {
              session[0].written();
            }
          }

          @Override
          public void wakeUp() {}

          @Override
          public void close() {
            connection.close();
            session[0].closed();
          }
        };
    session[0] = server.dispatcher().open(t, true);
    connection.onMessage(session[0]::onMessage);
    connection.onClose(session[0]::closed);
  }

  /**
   * A client over any {@link RpcConnection} whose far end is a JSON-RPC server, e.g. one served by
   * {@link #serve(RpcServer, RpcConnection)} or a proxy.
   */
  public static RpcClient client(RpcConnection connection, Duration callTimeout) {
    requireNonNull(connection, "connection");
    requireNonNull(callTimeout, "callTimeout");
    ClientCore core =
        new ClientCore(
            new ClientCore.Wire() {
              @Override
              public void send(String message) {
                connection.send(message);
              }

              @Override
              public void close() {
                connection.close();
              }
            },
            callTimeout);
    connection.onMessage(core::onMessage);
    connection.onClose(() -> core.closed("connection closed"));
    return new CoreClient(core, Runnable::run);
  }

  /** Both ends of an in-memory connection. */
  private static final class Pipe implements Transport {
    private final Executor callbacks;
    Session session;
    ClientCore core;

    Pipe(Executor callbacks) {
      this.callbacks = callbacks;
    }

    // Server to client.
    @Override
    public void write(String message) {
      try {
        callbacks.execute(
            () -> {
              try {
                core.onMessage(message);
              } finally {
                session.written();
              }
            });
      } catch (RuntimeException e) {
        session.written();
        log.debug("in-memory RPC client's executor refused a message: {}", e.toString());
      }
    }

    @Override
    public void wakeUp() {}

    @Override
    public void close() {
      session.closed();
      // Behind the answers already on their way, as a socket's close comes after its data.
      deliver(() -> core.closed("connection closed by the server"));
    }

    /** Runs {@code task} on the client's executor, in order; here if that refuses it. */
    void deliver(Runnable task) {
      try {
        callbacks.execute(task);
      } catch (RuntimeException e) {
        task.run();
      }
    }

    /** The client's end. */
    ClientCore.Wire wire() {
      return new ClientCore.Wire() {
        @Override
        public void send(String message) {
          if (session.isClosed()) {
            throw new IllegalStateException("the in-memory connection is closed");
          }
          session.onMessage(message);
        }

        @Override
        public void close() {
          session.closed();
        }
      };
    }
  }

  /**
   * An {@link RpcClient} over a {@link ClientCore}, with its timeout sweep, which runs where the
   * client's results are delivered, so that a timeout reaches the caller there too.
   */
  private static final class CoreClient implements RpcClient {
    private final ClientCore core;
    private final AutoCloseable sweeper;

    CoreClient(ClientCore core, Executor sweepOn) {
      this.core = core;
      this.sweeper = Timer.every(core.sweepPeriod(), () -> sweepOn.execute(core::sweep));
      core.closed().whenComplete((v, e) -> stopSweeping());
    }

    @Override
    public <T> CompletionStage<T> call(String method, Class<T> resultType, Object... params) {
      return core.call(method, resultType, params);
    }

    @Override
    public <T> CompletionStage<T> call(String method, TypeRef<T> resultType, Object... params) {
      return core.call(method, resultType, params);
    }

    @Override
    public <T> CompletionStage<Subscription> subscribe(
        String namespace, Class<T> eventType, Consumer<T> onEvent, Object... params) {
      return core.subscribe(namespace, eventType, onEvent, params);
    }

    @Override
    public void close() {
      core.close();
      core.closed("connection closed");
    }

    private void stopSweeping() {
      try {
        sweeper.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
