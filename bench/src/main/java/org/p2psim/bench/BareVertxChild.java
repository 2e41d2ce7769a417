package org.p2psim.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.TimeUnit;

/**
 * The floor under an exec node: a child JVM that starts Vert.x as the node host does (one event
 * loop, the same library switches) and opens what every node opens, an HTTP server that takes
 * WebSockets and a TCP server, both on loopback; then prints one line and waits for its stdin to
 * close. No devp2p, no RPC, no services: what is left of a node's start-up cost once all of
 * p2psim's own work is gone.
 */
public final class BareVertxChild {
  private BareVertxChild() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("io.netty.jfr.enabled", "false");
    System.setProperty("vertx.disableDnsResolver", "true");
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(2)
                .setInternalBlockingPoolSize(2));
    int http =
        vertx
            .createHttpServer()
            .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
            .requestHandler(r -> r.response().end())
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS)
            .actualPort();
    int tcp =
        vertx
            .createNetServer()
            .connectHandler(s -> s.handler(s::write))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(30, TimeUnit.SECONDS)
            .actualPort();
    System.out.println("{\"http\":" + http + ",\"tcp\":" + tcp + "}");
    System.out.flush();
    while (System.in.read() >= 0) {
      // wait for the parent to close stdin
    }
    vertx.close();
    System.exit(0);
  }
}
