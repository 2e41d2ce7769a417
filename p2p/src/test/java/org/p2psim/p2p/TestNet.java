package org.p2psim.p2p;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.p2psim.api.PeerEvent;
import org.p2psim.p2p.internal.VertxInternals;
import org.p2psim.testkit.Await;

/**
 * A JUnit extension that gives a test a Vert.x and servers on it, and stops them all (and waits for
 * them) after the test.
 */
public final class TestNet implements AfterEachCallback {
  private final List<P2pServer> servers = new ArrayList<>();
  private final List<String> blocked = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final InMemoryNetwork network;
  private Vertx vertx;

  /** Servers over loopback TCP. */
  public TestNet() {
    this(null);
  }

  /** Servers on {@code network}, in memory, or over loopback TCP if null. */
  public TestNet(InMemoryNetwork network) {
    this.network = network;
  }

  /** The in-memory network the servers run on, or null over TCP. */
  public InMemoryNetwork network() {
    return network;
  }

  /** The shared Vert.x, made on first use. */
  public synchronized Vertx vertx() {
    if (vertx == null) {
      vertx = strictVertx(blocked);
    }
    return vertx;
  }

  /**
   * A Vert.x whose blocked-thread checker reports, into {@code blocked}, any event-loop task that
   * runs past 1 s: a test that blocks an event loop then fails in {@link #afterEach}.
   */
  public static Vertx strictVertx(List<String> blocked) {
    Vertx v =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(2)
                .setMaxEventLoopExecuteTime(1)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)
                .setBlockedThreadCheckInterval(100)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    VertxInternals.onBlockedThread(
        v,
        (thread, busy) ->
            blocked.add(thread.getName() + " blocked for " + busy.toMillis() + " ms"));
    return v;
  }

  /** Fails if an event loop was blocked, naming the threads. */
  public static void assertNoBlockedEventLoop(List<String> blocked) {
    if (!blocked.isEmpty()) {
      throw new AssertionError("an event loop was blocked: " + List.copyOf(blocked));
    }
  }

  /** Starts a server with this config. */
  public P2pServer start(P2pConfig config) {
    P2pServer s = new P2pServer(vertx(), config);
    synchronized (this) {
      servers.add(s);
    }
    join(s.start());
    return s;
  }

  /** Starts a server, letting {@code tune} adjust the default config. */
  public P2pServer start(Consumer<P2pConfig.Builder> tune) {
    P2pConfig.Builder b = P2pConfig.builder(NodeKey.generate()).network(network);
    tune.accept(b);
    return start(b.build());
  }

  /** Subscribes a list that collects the server's events. */
  public static List<PeerEvent> record(P2pServer server) {
    List<PeerEvent> events = java.util.Collections.synchronizedList(new ArrayList<>());
    server.subscribe(events::add);
    return events;
  }

  /** Waits for a stage, up to 20 s. */
  public static <T> T join(java.util.concurrent.CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code condition} until it holds, or fails after {@code timeout}. */
  public static void await(String what, Duration timeout, BooleanSupplier condition) {
    Await.until(what, timeout, condition::getAsBoolean);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    List<P2pServer> toStop;
    synchronized (this) {
      toStop = List.copyOf(servers);
      servers.clear();
    }
    for (P2pServer s : toStop) {
      s.stop().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      vertx = null;
    }
    assertNoBlockedEventLoop(blocked);
  }
}
