package org.p2psim.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.p2psim.api.RpcClient;
import org.p2psim.api.spi.RpcSubscriber;
import org.p2psim.rpc.InMemoryRpc;
import org.p2psim.rpc.RpcHttpServer;
import org.p2psim.rpc.RpcServer;
import org.p2psim.rpc.WebSocketRpcClient;

/**
 * JSON-RPC: round trips per second of a trivial call over loopback WebSocket (one at a time, and 64
 * in flight on one connection), the same in memory, and notifications per second to one subscriber.
 * The server runs its API on a node-like event-loop context, as a node does.
 */
final class RpcBench {
  private static final int WINDOW = 64;
  private static final int NOTIFY_WINDOW = 4096;

  private final boolean quick;

  RpcBench(boolean quick) {
    this.quick = quick;
  }

  private Duration warmup() {
    return quick ? Duration.ofSeconds(2) : Duration.ofSeconds(6);
  }

  private Duration measure() {
    return quick ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
  }

  /** The benchmark's API: namespace {@code bench}. */
  public static final class BenchApi {
    private final Context context;
    final AtomicLong received = new AtomicLong();
    private RpcSubscriber subscriber;
    private long sent;

    BenchApi(Context context) {
      this.context = context;
    }

    public int echo(int x) {
      return x;
    }

    /** Sends ticks while fewer than {@link #NOTIFY_WINDOW} are unread by the bench's client. */
    public void ticks(RpcSubscriber s) {
      subscriber = s;
      sent = received.get();
      pump();
    }

    void pump() {
      RpcSubscriber s = subscriber;
      while (s != null && !s.isClosed() && sent - received.get() < NOTIFY_WINDOW) {
        s.send(new Tick(sent++, "f1a2b3c4d5e6", "msgrecv"));
      }
    }

    /** Called by the client every so often: more credit. */
    void credit() {
      context.runOnContext(v -> pump());
    }
  }

  /** A small event, about the size of a peer event. */
  public record Tick(long n, String peer, String type) {}

  void run(Table table) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      // The node's context; its RPC server listens from it, so connections share its event loop.
      Context node = vertx.getOrCreateContext();
      Executor onNode = r -> node.runOnContext(v -> r.run());
      BenchApi api = new BenchApi(node);
      RpcServer rpc = new RpcServer(onNode).register("bench", api);
      CompletableFuture<RpcHttpServer> started = new CompletableFuture<>();
      node.runOnContext(
          v ->
              RpcHttpServer.start(vertx, rpc)
                  .whenComplete(
                      (s, e) -> {
                        if (e != null) {
                          started.completeExceptionally(e);
                        } else {
                          started.complete(s);
                        }
                      }));
      RpcHttpServer http = started.get(10, TimeUnit.SECONDS);
      WebSocketRpcClient ws =
          WebSocketRpcClient.connect(vertx, http.wsUrl())
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);

      double one = roundTrips(ws, 1);
      table.add(
          "JSON-RPC calls over loopback WebSocket, 1 in flight",
          String.format("%.0f /s", one),
          String.format("bench_echo(int), our client; %.1f µs per round trip", 1e6 / one));
      double many = roundTrips(ws, WINDOW);
      table.add(
          "JSON-RPC calls over loopback WebSocket, " + WINDOW + " in flight",
          String.format("%.0f /s", many),
          "bench_echo(int) pipelined on one connection");
      double notes = notifications(ws, api);
      table.add(
          "JSON-RPC notifications to one WebSocket subscriber",
          String.format("%.0f /s", notes),
          "~90-byte events, at most " + NOTIFY_WINDOW + " unread");
      ws.close();
      ws.closed().toCompletableFuture().get(10, TimeUnit.SECONDS);

      RpcClient mem = InMemoryRpc.connect(rpc);
      double inMemory = roundTrips(mem, WINDOW);
      table.add(
          "JSON-RPC calls in memory, " + WINDOW + " in flight",
          String.format("%.0f /s", inMemory),
          "same JSON text and session code, no socket");
      mem.close();
      http.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  /** Calls per second with {@code window} calls kept in flight. */
  private double roundTrips(RpcClient client, int window) throws Exception {
    Loop loop = new Loop(client, window);
    loop.start();
    Thread.sleep(warmup().toMillis());
    long d0 = loop.done.get();
    long t0 = System.nanoTime();
    Thread.sleep(measure().toMillis());
    long d1 = loop.done.get();
    double secs = (System.nanoTime() - t0) / 1e9;
    loop.stop();
    if (loop.failed.get() != null) {
      throw new IllegalStateException("a bench call failed", loop.failed.get());
    }
    return (d1 - d0) / secs;
  }

  private double notifications(WebSocketRpcClient client, BenchApi api) throws Exception {
    AtomicLong got = new AtomicLong();
    RpcClient.Subscription sub =
        client
            .subscribe(
                "bench",
                Tick.class,
                t -> {
                  got.incrementAndGet();
                  if (api.received.incrementAndGet() % 512 == 0) {
                    api.credit();
                  }
                },
                "ticks")
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    Thread.sleep(warmup().toMillis());
    long n0 = got.get();
    long t0 = System.nanoTime();
    Thread.sleep(measure().toMillis());
    long n1 = got.get();
    double secs = (System.nanoTime() - t0) / 1e9;
    if (sub.closed().toCompletableFuture().isDone()) {
      throw new IllegalStateException("the bench subscription ended early");
    }
    sub.unsubscribe().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return (n1 - n0) / secs;
  }

  /** Keeps {@code window} calls in flight, each completion starting the next. */
  private static final class Loop {
    private final RpcClient client;
    private final int window;
    final AtomicLong done = new AtomicLong();
    final java.util.concurrent.atomic.AtomicReference<Throwable> failed =
        new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicLong active = new AtomicLong();
    private volatile boolean stop;

    Loop(RpcClient client, int window) {
      this.client = client;
      this.window = window;
    }

    void start() {
      for (int i = 0; i < window; i++) {
        active.incrementAndGet();
        next(i);
      }
    }

    private void next(int x) {
      client
          .call("bench_echo", Integer.class, x)
          .whenComplete(
              (v, e) -> {
                if (e != null) {
                  failed.compareAndSet(null, e);
                  active.decrementAndGet();
                  return;
                }
                done.incrementAndGet();
                if (stop) {
                  active.decrementAndGet();
                } else {
                  next(v);
                }
              });
    }

    void stop() throws InterruptedException {
      stop = true;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (active.get() > 0 && System.nanoTime() < end) {
        Thread.sleep(5);
      }
    }
  }
}
