package org.p2psim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcError;
import org.p2psim.api.RpcException;

/** {@link WebSocketRpcClient} against our server over loopback. */
class WebSocketRpcClientIT {
  @RegisterExtension final TestKit kit = new TestKit();

  private final TestApi api = new TestApi();

  @Test
  void callsAndResults() {
    WebSocketRpcClient c = kit.client(kit.http(kit.server(api)));
    assertEquals("hi", TestKit.join(c.call("test_echo", String.class, "hi")));
    assertEquals(9, TestKit.join(c.call("test_add", int.class, 4, 5)));
    assertEquals(
        new TestApi.Person("p", 40),
        TestKit.join(c.call("test_older", TestApi.Person.class, new TestApi.Person("p", 30), 10)));
    assertEquals(
        List.of("a1", "b2"),
        TestKit.join(c.call("test_flatten", List.class, Map.of("a", List.of(1), "b", List.of(2)))));
    assertNull(TestKit.join(c.call("test_noop", Void.class)));
    assertEquals(8, TestKit.join(c.call("test_later", Integer.class, 4)));
    assertEquals(
        Map.of("rpc", "1.0", "test", "1.0"), TestKit.join(c.call("rpc_modules", Map.class)));
  }

  @Test
  void errorsAreRpcExceptionsWithTheServersCode() {
    WebSocketRpcClient c = kit.client(kit.http(kit.server(api)));
    RpcException e = (RpcException) TestKit.failure(c.call("test_fail", Void.class, "nope"));
    assertEquals(-32000, e.code());
    assertEquals("nope", e.getMessage());
    e = (RpcException) TestKit.failure(c.call("test_zzz", Void.class));
    assertEquals(-32601, e.code());
    e = (RpcException) TestKit.failure(c.call("test_echo", Void.class, 1, 2));
    assertEquals(-32602, e.code());
    assertEquals("too many arguments, want at most 1", e.getMessage());
    e = (RpcException) TestKit.failure(c.call("test_custom", Void.class, 4242, "app code"));
    assertEquals(4242, e.code());
    assertEquals("app code", e.getMessage());
    e = (RpcException) TestKit.failure(c.call("test_npe", Void.class));
    assertEquals(-32603, e.code());
  }

  @Test
  void manyCallsInFlight() {
    WebSocketRpcClient c = kit.client(kit.http(kit.server(api)));
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int base = t * 1000;
      List<CompletableFuture<Integer>> mine = new ArrayList<>();
      calls.addAll(List.of()); // filled after the threads end
      Thread th =
          new Thread(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  mine.add(c.call("test_inc", Integer.class, base + i).toCompletableFuture());
                }
                synchronized (calls) {
                  calls.addAll(mine);
                }
              });
      threads.add(th);
      th.start();
    }
    for (Thread th : threads) {
      try {
        th.join(10_000);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertEquals(4000, calls.size());
    long sum = 0;
    for (CompletableFuture<Integer> f : calls) {
      sum += TestKit.join(f);
    }
    assertEquals((3999L * 4000 / 2) + 4000, sum);
  }

  @Test
  void callsTimeOutWithAClearError() {
    api.gate = new CompletableFuture<>();
    WebSocketRpcClient c = kit.client(kit.http(kit.server(api)), Duration.ofMillis(300));
    long start = System.nanoTime();
    RpcException e = (RpcException) TestKit.failure(c.call("test_gated", String.class));
    long ms = (System.nanoTime() - start) / 1_000_000;
    assertEquals(RpcError.TIMEOUT.code(), e.code());
    assertEquals("call test_gated timed out after 300 ms", e.getMessage());
    assertTrue(ms >= 290 && ms < 5000, ms + " ms");
    api.gate.complete(null);
    assertEquals("open", TestKit.join(c.call("test_gated", String.class)));
  }

  @Test
  void subscribeAndUnsubscribe() {
    WebSocketRpcClient c = kit.client(kit.http(kit.server(api)));
    List<Integer> got = new CopyOnWriteArrayList<>();
    RpcClient.Subscription sub =
        TestKit.join(c.subscribe("test", Integer.class, got::add, "ticks", 10));
    TestKit.await("10 events", Duration.ofSeconds(5), () -> got.size() == 10);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
    TestKit.join(sub.unsubscribe());
    assertNull(TestKit.join(sub.closed()));
    TestKit.await(
        "server onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 1);

    List<Map<?, ?>> manual = new CopyOnWriteArrayList<>();
    RpcClient.Subscription m = TestKit.join(c.subscribe("test", Map.class, manual::add, "manual"));
    api.subscribers.get(0).send(Map.of("k", 1));
    TestKit.await("an event", Duration.ofSeconds(5), () -> manual.size() == 1);
    assertEquals(Map.of("k", 1), manual.get(0));

    RpcException e =
        (RpcException) TestKit.failure(c.subscribe("test", Object.class, x -> {}, "unknown"));
    assertEquals(-32601, e.code());
    assertEquals("no \"unknown\" subscription in test namespace", e.getMessage());
    assertFalse(m.closed().toCompletableFuture().isDone());
  }

  @Test
  void closeFailsPendingCallsAndEndsSubscriptions() {
    api.gate = new CompletableFuture<>();
    RpcServer server = kit.server(api);
    WebSocketRpcClient c =
        TestKit.join(WebSocketRpcClient.connect(kit.vertx(), kit.http(server).wsUrl()));
    CompletableFuture<String> pending = c.call("test_gated", String.class).toCompletableFuture();
    RpcClient.Subscription sub = TestKit.join(c.subscribe("test", Object.class, x -> {}, "manual"));
    c.close();
    RpcException e = (RpcException) TestKit.failure(pending);
    assertEquals(RpcError.CONNECTION_CLOSED.code(), e.code());
    assertEquals("connection closed", e.getMessage());
    assertEquals("connection closed", TestKit.failure(sub.closed()).getMessage());
    assertNull(TestKit.join(c.closed()));
    assertTrue(c.isClosed());
    assertEquals(
        "connection closed", TestKit.failure(c.call("test_noop", Void.class)).getMessage());
    TestKit.await(
        "server onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 1);
    c.close(); // idempotent
    api.gate.complete(null);
  }

  @Test
  void theOwnerNoticesWhenTheServerGoesAway() {
    api.gate = new CompletableFuture<>();
    RpcHttpServer http = TestKit.join(RpcHttpServer.start(kit.vertx(), kit.server(api)));
    WebSocketRpcClient c = kit.client(http);
    CompletableFuture<String> pending = c.call("test_gated", String.class).toCompletableFuture();
    RpcClient.Subscription sub = TestKit.join(c.subscribe("test", Object.class, x -> {}, "manual"));
    TestKit.join(http.close());
    assertNull(TestKit.join(c.closed()));
    RpcException e = (RpcException) TestKit.failure(pending);
    assertEquals(RpcError.CONNECTION_CLOSED.code(), e.code());
    assertTrue(e.getMessage().startsWith("connection closed by the server"), e.getMessage());
    assertTrue(TestKit.failure(sub.closed()) instanceof RpcException);
    TestKit.await(
        "server onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 1);
    api.gate.complete(null);
  }

  @Test
  void connectFailuresSayWhy() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String url = "ws://127.0.0.1:" + port;
    RpcException e = (RpcException) TestKit.failure(WebSocketRpcClient.connect(kit.vertx(), url));
    assertEquals(RpcError.CONNECTION_CLOSED.code(), e.code());
    assertTrue(e.getMessage().startsWith("cannot connect to " + url + ": "), e.getMessage());
    assertEquals(
        "bad WebSocket URL \"http://x\": expected ws://<host>:<port>[/path]",
        assertThrows(
                IllegalArgumentException.class,
                () -> WebSocketRpcClient.connect(kit.vertx(), "http://x"))
            .getMessage());
  }

  @Test
  void callsFromCallbacksOnTheEventLoop() {
    WebSocketRpcClient c = kit.client(kit.http(kit.server(api)));
    CompletableFuture<Integer> chained =
        c.call("test_inc", Integer.class, 1)
            .thenCompose(x -> c.call("test_inc", Integer.class, x))
            .thenCompose(x -> c.call("test_inc", Integer.class, x))
            .toCompletableFuture();
    assertEquals(4, TestKit.join(chained));
  }
}
