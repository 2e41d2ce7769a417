package org.p2psim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.p2psim.api.spi.RpcSubscriber;

/** The usage example of rpc/README.md, kept here so that it compiles and runs. */
class ReadmeExampleIT {

  /** The example's API. */
  public static final class Greeter {
    public String hello(String name) {
      return "hello " + name;
    }

    public void greetings(RpcSubscriber subscriber) {
      subscriber.send("welcome");
    }
  }

  @Test
  void example() throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    Vertx vertx = Vertx.vertx();
    // --- README example, from here
    RpcServer rpc = new RpcServer(Runnable::run); // a node passes its own event-loop context
    rpc.register("greeter", new Greeter()); // greeter_hello, and greeter_subscribe("greetings")
    RpcHttpServer http = RpcHttpServer.start(vertx, rpc).toCompletableFuture().join();

    WebSocketRpcClient client =
        WebSocketRpcClient.connect(vertx, http.wsUrl()).toCompletableFuture().join();
    client
        .subscribe("greeter", String.class, events::add, "greetings")
        .toCompletableFuture()
        .join();
    String hi = client.call("greeter_hello", String.class, "Ada").toCompletableFuture().join();
    client.close();
    http.close().toCompletableFuture().join();
    // --- to here
    assertEquals("hello Ada", hi);
    // Messages arrive in order: the event came before the answer to the later call.
    assertEquals(List.of("welcome"), events);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
