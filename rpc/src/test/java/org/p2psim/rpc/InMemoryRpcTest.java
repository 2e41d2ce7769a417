package org.p2psim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcError;
import org.p2psim.api.RpcException;
import org.p2psim.api.TypeRef;

/** The in-memory transport: a client of a server in the same JVM, and bridged connections. */
class InMemoryRpcTest {
  @RegisterExtension final TestKit kit = new TestKit();

  private final TestApi api = new TestApi();

  private RpcClient client(RpcServer server) {
    return kit.closeLater(InMemoryRpc.connect(server));
  }

  @Test
  void callsMapResults() {
    RpcClient c = client(kit.server(api));
    assertEquals("hi", TestKit.join(c.call("test_echo", String.class, "hi")));
    assertEquals(5, TestKit.join(c.call("test_add", Integer.class, 2, 3)));
    assertEquals(
        new TestApi.Person("x", 3),
        TestKit.join(c.call("test_older", TestApi.Person.class, new TestApi.Person("x", 1), 2)));
    assertEquals(
        Map.of("a", 1),
        TestKit.join(c.call("test_ages", Map.class, List.of(new TestApi.Person("a", 1)))));
    assertNull(TestKit.join(c.call("test_noop", Void.class)));
    assertEquals(
        Map.of("rpc", "1.0", "test", "1.0"), TestKit.join(c.call("rpc_modules", Object.class)));
  }

  @Test
  void resultsWithTypeArgumentsMapThroughATypeRef() {
    RpcClient c = client(kit.server(api));
    List<TestApi.Person> people =
        TestKit.join(
            c.call(
                "test_any",
                new TypeRef<List<TestApi.Person>>() {},
                List.of(Map.of("name", "a", "age", 1), Map.of("name", "b", "age", 2))));
    assertEquals(List.of(new TestApi.Person("a", 1), new TestApi.Person("b", 2)), people);
    Map<String, List<Long>> longs =
        TestKit.join(
            c.call("test_any", new TypeRef<Map<String, List<Long>>>() {}, Map.of("x", List.of(1))));
    assertEquals(Long.class, longs.get("x").get(0).getClass());
    RpcException e =
        (RpcException)
            TestKit.failure(c.call("test_any", new TypeRef<List<TestApi.Person>>() {}, "x"));
    assertEquals(RpcError.BAD_RESULT.code(), e.code());
    assertTrue(
        e.getMessage().contains("java.util.List<org.p2psim.rpc.TestApi$Person>"), e.getMessage());
  }

  @Test
  void errorsCarryTheirCodes() {
    RpcClient c = client(kit.server(api));
    RpcException e = (RpcException) TestKit.failure(c.call("test_nope", Object.class));
    assertEquals(-32601, e.code());
    assertEquals("the method test_nope does not exist/is not available", e.getMessage());
    e = (RpcException) TestKit.failure(c.call("test_fail", Object.class, "bad"));
    assertEquals(-32000, e.code());
    assertEquals("bad", e.getMessage());
    e = (RpcException) TestKit.failure(c.call("test_custom", Object.class, -32099, "mine"));
    assertEquals(-32099, e.code());
    e = (RpcException) TestKit.failure(c.call("test_add", Object.class, "x"));
    assertEquals(-32602, e.code());
    assertEquals("invalid argument 0: expected integer, got string", e.getMessage());
    e = (RpcException) TestKit.failure(c.call("test_echo", Integer.class, "not a number"));
    assertEquals(RpcError.BAD_RESULT.code(), e.code());
    assertTrue(
        e.getMessage().startsWith("cannot map the result of test_echo to java.lang.Integer: "),
        e.getMessage());
  }

  @Test
  void callsTimeOut() {
    RpcServer server = kit.server(api);
    api.gate = new CompletableFuture<>();
    RpcClient c =
        kit.closeLater(InMemoryRpc.connect(server, Runnable::run, Duration.ofMillis(200)));
    RpcException e = (RpcException) TestKit.failure(c.call("test_gated", String.class));
    assertEquals(RpcError.TIMEOUT.code(), e.code());
    assertEquals("call test_gated timed out after 200 ms", e.getMessage());
    api.gate.complete(null);
    assertEquals("open", TestKit.join(c.call("test_gated", String.class)));
  }

  @Test
  void subscriptionsDeliverInOrderOnTheCallbackExecutor() throws Exception {
    RpcServer server = kit.server(api);
    ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "callbacks"));
    try {
      RpcClient c = kit.closeLater(InMemoryRpc.connect(server, callbacks, Duration.ofSeconds(5)));
      List<Integer> got = new CopyOnWriteArrayList<>();
      List<String> threads = new CopyOnWriteArrayList<>();
      RpcClient.Subscription sub =
          TestKit.join(
              c.subscribe(
                  "test",
                  Integer.class,
                  i -> {
                    got.add(i);
                    threads.add(Thread.currentThread().getName());
                  },
                  "ticks",
                  50));
      assertTrue(sub.id().matches("0x[0-9a-f]{32}"), sub.id());
      TestKit.await("50 events", Duration.ofSeconds(5), () -> got.size() == 50);
      for (int i = 0; i < 50; i++) {
        assertEquals(i, got.get(i));
      }
      assertEquals(List.of("callbacks"), threads.stream().distinct().toList());
      TestKit.join(sub.unsubscribe());
      assertNull(TestKit.join(sub.closed()));
      TestKit.await("onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 1);
    } finally {
      callbacks.shutdownNow();
      callbacks.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aBlockedConsumerLosesItsSubscription() throws Exception {
    RpcServer server = kit.server(RpcServer.builder(kit.executor()).sendQueueLimit(50), api);
    ExecutorService callbacks = Executors.newSingleThreadExecutor(r -> new Thread(r, "callbacks"));
    try {
      RpcClient c = kit.closeLater(InMemoryRpc.connect(server, callbacks, Duration.ofSeconds(5)));
      RpcClient.Subscription sub =
          TestKit.join(c.subscribe("test", Object.class, e -> {}, "manual"));
      CountDownLatch release = new CountDownLatch(1);
      callbacks.execute(
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      var s = api.subscribers.get(0);
      for (int i = 0; i < 100; i++) {
        s.send(i);
      }
      assertTrue(s.isClosed());
      release.countDown();
      RpcException e = (RpcException) TestKit.failure(sub.closed());
      assertEquals(-32001, e.code());
      assertEquals("subscription dropped: client too slow, 50 messages queued", e.getMessage());
      TestKit.await("onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 1);
      // The connection itself goes on.
      assertEquals(3, TestKit.join(c.call("test_inc", Integer.class, 2)));
    } finally {
      callbacks.shutdownNow();
      callbacks.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void closingFailsPendingCallsAndEndsSubscriptions() {
    RpcServer server = kit.server(api);
    api.gate = new CompletableFuture<>();
    RpcClient c = InMemoryRpc.connect(server);
    CompletableFuture<String> pending = c.call("test_gated", String.class).toCompletableFuture();
    RpcClient.Subscription sub = TestKit.join(c.subscribe("test", Object.class, e -> {}, "manual"));
    c.close();
    RpcException e = (RpcException) TestKit.failure(pending);
    assertEquals(RpcError.CONNECTION_CLOSED.code(), e.code());
    assertEquals("connection closed", e.getMessage());
    e = (RpcException) TestKit.failure(sub.closed());
    assertEquals("connection closed", e.getMessage());
    TestKit.await("onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 1);
    e = (RpcException) TestKit.failure(c.call("test_noop", Void.class));
    assertEquals("connection closed", e.getMessage());
    api.gate.complete(null);
  }

  @Test
  void closingTheServerClosesItsClients() {
    RpcServer server = kit.server(api);
    api.gate = new CompletableFuture<>();
    RpcClient c = client(server);
    CompletableFuture<String> pending = c.call("test_gated", String.class).toCompletableFuture();
    server.close();
    RpcException e = (RpcException) TestKit.failure(pending);
    assertEquals("connection closed by the server", e.getMessage());
    assertThrows(IllegalStateException.class, () -> InMemoryRpc.connect(server));
    api.gate.complete(null);
  }

  @Test
  void aClientOverABridgedConnection() {
    RpcServer server = kit.server(api);
    // Two RpcConnections joined back to back: one served, one used by a client.
    Pipe pipe = new Pipe();
    InMemoryRpc.serve(server, pipe.a);
    RpcClient c = kit.closeLater(InMemoryRpc.client(pipe.b, Duration.ofSeconds(5)));
    assertEquals(7, TestKit.join(c.call("test_add", Integer.class, 3, 4)));
    List<Object> got = new CopyOnWriteArrayList<>();
    TestKit.join(c.subscribe("test", Object.class, got::add, "ticks", 3));
    TestKit.await("3 events", Duration.ofSeconds(5), () -> got.size() == 3);
    assertEquals(List.of(0, 1, 2), got);
    c.close();
    TestKit.await("onClose", Duration.ofSeconds(5), () -> api.closedSubscriptions.get() == 1);
  }

  @Test
  void unsupportedParamsFailTheCall() {
    RpcClient c = client(kit.server(api));
    Throwable t = TestKit.failure(c.call("test_any", Object.class, new Unserialisable()));
    assertInstanceOf(IllegalArgumentException.class, t);
    assertTrue(
        t.getMessage().startsWith("cannot serialise the params of test_any to JSON: no x"),
        t.getMessage());
  }

  /** A parameter Jackson cannot write. */
  public static final class Unserialisable {
    public int getX() {
      throw new IllegalStateException("no x");
    }
  }

  /** Two {@link org.p2psim.api.RpcConnection}s, each sending to the other. */
  static final class Pipe {
    final End a = new End();
    final End b = new End();

    Pipe() {
      a.peer = b;
      b.peer = a;
    }

    static final class End implements org.p2psim.api.RpcConnection {
      End peer;
      volatile java.util.function.Consumer<String> handler;
      volatile Runnable onClose;
      volatile boolean closed;

      @Override
      public void send(String message) {
        peer.handler.accept(message);
      }

      @Override
      public void onMessage(java.util.function.Consumer<String> h) {
        handler = h;
      }

      @Override
      public void onClose(Runnable r) {
        onClose = r;
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          onClose.run();
          peer.close();
        }
      }
    }
  }
}
