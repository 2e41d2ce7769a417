package org.p2psim.nodehost;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.P2pConfig;
import org.p2psim.p2p.P2pServer;
import org.p2psim.p2p.crypto.Secp256k1;
import org.p2psim.p2p.internal.VertxInternals;
import org.p2psim.rpc.RpcHttpServer;
import org.p2psim.rpc.RpcServer;
import org.slf4j.Logger;

/**
 * The node host's second start-up lane: the work that needs no input, on its own thread while the
 * main lane reads stdin. Each step only warms what the main lane uses next; if the main lane gets
 * there first, it waits on the same class initialisation instead of doing the work twice. It also
 * builds the node's Vert.x, early when the log verbosity is known from the command line (Vert.x and
 * Netty fix the log level when they first log), else once the input is read.
 */
final class Preparation {
  private static final long BLOCKED_THREAD_CHECK_MS = 10_000;

  private final CompletableFuture<Vertx> vertx = new CompletableFuture<>();
  private final boolean early;
  private volatile boolean inputRead;

  private Preparation(boolean early) {
    this.early = early;
  }

  /**
   * Starts the lane.
   *
   * @param withVertx whether to build Vert.x at once (the log verbosity is known)
   */
  static Preparation start(boolean withVertx) {
    Preparation p = new Preparation(withVertx);
    Thread t = new Thread(p::run, "p2psim-prepare");
    t.setDaemon(true);
    t.start();
    return p;
  }

  private void run() {
    if (early) {
      HostLogging.logger(); // SLF4J first, so that Vert.x and the main lane find it made
      buildVertx();
    }
    if (inputRead) {
      return; // the main lane is busy with the same classes: warming them now only competes
    }
    // Nothing to do but wait for the input (a spare child): initialise and run once what the
    // start path needs, the input reader, the curve maths of the key and of the
    // node record's signature, and a rehearsal of the node's sockets and first RPC call.
    Logger log = HostLogging.logger();
    try {
      HostProtocol.readSampleInput();
    } catch (IOException | RuntimeException e) {
      log.warn("cannot read the sample input", e);
    }
    NodeKey key = NodeKey.generate();
    Secp256k1.get().sign(key.privateKey(), new byte[32]);
    if (early && !inputRead) {
      long t0 = System.nanoTime();
      try {
        rehearse(vertx.get(30, TimeUnit.SECONDS), key);
        log.info(
            "rehearsed a node's start in {} ms; waiting for input",
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
      } catch (Exception e) {
        log.warn(
            "start-up rehearsal failed; the node will start cold: {}",
            HostProtocol.firstLine(e),
            e);
      }
    }
  }

  /** A P2P server and an RPC socket started, called over WebSocket and stopped. */
  private static void rehearse(Vertx vertx, NodeKey key) throws Exception {
    Context context = P2pServer.newNodeContext(vertx);
    P2pServer p2p =
        new P2pServer(context, P2pConfig.builder(key).host("127.0.0.1").port(0).build());
    RpcServer rpc = NodeStack.rpcServerOn(context);
    p2p.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
    RpcHttpServer socket =
        RpcHttpServer.start(vertx, rpc, "127.0.0.1", 0)
            .toCompletableFuture()
            .get(5, TimeUnit.SECONDS);
    try {
      String reply =
          RehearsalWebSocket.call(
              URI.create(socket.wsUrl()),
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc_modules\"}");
      if (!reply.contains("\"result\"")) {
        throw new IOException("the rehearsal's call failed: " + reply);
      }
    } finally {
      socket.close().toCompletableFuture().get(5, TimeUnit.SECONDS);
      p2p.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
      rpc.close();
    }
  }

  /** Called once the input is read: from now on the main lane needs the cores. */
  void inputRead() {
    inputRead = true;
  }

  /** Builds Vert.x on a thread of its own unless this lane builds it. */
  void startVertx() {
    if (!early) {
      Thread t = new Thread(this::buildVertx, "p2psim-vertx-init");
      t.setDaemon(true);
      t.start();
    }
  }

  /** Runs once: on this lane when {@code early}, else on its own thread. */
  private void buildVertx() {
    try {
      Vertx v =
          Vertx.vertx(
              new VertxOptions()
                  .setEventLoopPoolSize(1)
                  .setWorkerPoolSize(2)
                  .setInternalBlockingPoolSize(2)
                  // The checker's thread wakes at this interval; every second (the default) cost
                  // an idle child 0.16 ms/s. A loop blocked past 2 s is still reported, later.
                  .setBlockedThreadCheckInterval(BLOCKED_THREAD_CHECK_MS)
                  .setFileSystemOptions(
                      new FileSystemOptions()
                          .setFileCachingEnabled(false)
                          .setClassPathResolvingEnabled(false)));
      VertxInternals.quietIdleLoops(v);
      vertx.complete(v);
    } catch (RuntimeException | Error e) {
      vertx.completeExceptionally(e);
    }
  }

  /** The node's Vert.x, waiting for it to be built. */
  Vertx vertx() throws Exception {
    return vertx.get(30, TimeUnit.SECONDS);
  }

  /** The node's Vert.x if it is built, else null. */
  Vertx vertxIfReady() {
    return vertx.isDone() && !vertx.isCompletedExceptionally() ? vertx.join() : null;
  }

  /** The input was bad: close Vert.x if it is up already. */
  void abandon() {
    close(vertxIfReady());
  }

  /** Closes {@code vertx} (if not null), waiting a bounded time; the process is exiting anyway. */
  static void close(Vertx vertx) {
    if (vertx == null) {
      return; // still coming up; the process exits anyway
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway
    }
  }
}
