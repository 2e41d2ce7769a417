package org.p2psim.rpc;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.p2psim.rpc.internal.VertxInternals;
import org.p2psim.testkit.Await;

/**
 * A JUnit extension that gives a test a Vert.x, a single-threaded "node" executor, RPC servers and
 * clients, and closes them all after the test, waiting for each.
 */
final class TestKit implements AfterEachCallback {
  private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
  private final List<String> blocked = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private ExecutorService executor;

  /**
   * The shared Vert.x, made on first use. Its blocked-thread checker reports any event-loop task
   * that runs past 1 s, and {@link #afterEach} then fails the test.
   */
  synchronized Vertx vertx() {
    if (vertx == null) {
      vertx =
          Vertx.vertx(
              new VertxOptions()
                  .setEventLoopPoolSize(2)
                  .setMaxEventLoopExecuteTime(1)
                  .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)
                  .setBlockedThreadCheckInterval(100)
                  .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
      VertxInternals.onBlockedThread(
          vertx,
          (thread, busy) ->
              blocked.add(thread.getName() + " blocked for " + busy.toMillis() + " ms"));
    }
    return vertx;
  }

  /** One thread, as a node's event loop would be. */
  synchronized ExecutorService executor() {
    if (executor == null) {
      executor =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "test-node");
                t.setDaemon(true);
                return t;
              });
    }
    return executor;
  }

  /** A server on the test executor with {@code api} as namespace {@code test}. */
  RpcServer server(Object api) {
    return server(RpcServer.builder(executor()), api);
  }

  RpcServer server(RpcServer.Builder builder, Object api) {
    RpcServer s = builder.build();
    s.register("test", api);
    return closeLater(s);
  }

  RpcHttpServer http(RpcServer rpc) {
    RpcHttpServer h = join(RpcHttpServer.start(vertx(), rpc));
    closeLater(() -> join(h.close()));
    return h;
  }

  WebSocketRpcClient client(RpcHttpServer http) {
    return client(http, WebSocketRpcClient.DEFAULT_CALL_TIMEOUT);
  }

  WebSocketRpcClient client(RpcHttpServer http, Duration timeout) {
    WebSocketRpcClient c = join(WebSocketRpcClient.connect(vertx(), http.wsUrl(), timeout));
    closeLater(
        () -> {
          c.close();
          join(c.closed());
        });
    return c;
  }

  synchronized <T extends AutoCloseable> T closeLater(T c) {
    closeables.push(c);
    return c;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception first = null;
    while (true) {
      AutoCloseable c;
      synchronized (this) {
        c = closeables.poll();
      }
      if (c == null) {
        break;
      }
      try {
        c.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (executor != null) {
      executor.shutdownNow();
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test executor did not stop");
      }
    }
    if (first != null) {
      throw first;
    }
    if (!blocked.isEmpty()) {
      throw new AssertionError("an event loop was blocked: " + List.copyOf(blocked));
    }
  }

  /** Waits up to 20 s. */
  static <T> T join(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("timed out waiting", e);
    }
  }

  /** The exception a stage fails with (within 20 s), or an assertion error when it succeeds. */
  static Throwable failure(CompletionStage<?> stage) {
    try {
      Object v = stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + v);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("timed out waiting for a failure", e);
    }
  }

  static void await(String what, Duration max, BooleanSupplier done) {
    Await.until(what, max, done::getAsBoolean);
  }
}
