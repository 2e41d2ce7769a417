package org.p2psim.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcError;
import org.p2psim.api.RpcException;
import org.p2psim.api.spi.RpcSubscriber;

/** Timeouts, closes and failed subscribes that race the answers they concern. */
class RpcRacesTest {
  @RegisterExtension final TestKit kit = new TestKit();

  private final ExecutorService callbacks =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "callbacks"));

  @AfterEach
  void stopCallbacks() {
    callbacks.shutdownNow();
  }

  /** Subscriptions that answer late, or hand their subscriber to a thread and then fail. */
  public static final class SlowApi {
    final List<RpcSubscriber> subscribers = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> sendFailure = new AtomicReference<>();

    /** Registers at once, answers after 300 ms. */
    public CompletionStage<Void> slow(RpcSubscriber s) {
      subscribers.add(s);
      return CompletableFuture.runAsync(
          () -> {}, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
    }

    /** Starts sending from a thread of its own, then fails the subscribe. */
    public CompletionStage<Void> racy(RpcSubscriber s) throws InterruptedException {
      CountDownLatch sending = new CountDownLatch(1);
      Thread t =
          new Thread(
              () -> {
                sending.countDown();
                try {
                  while (!s.isClosed()) {
                    s.send(1);
                  }
                } catch (Throwable e) {
                  sendFailure.compareAndSet(null, e);
                }
              });
      t.setDaemon(true);
      t.start();
      sending.await();
      return CompletableFuture.failedFuture(new IllegalStateException("nope"));
    }
  }

  @Test
  void aSubscriptionWhoseSubscribeTimedOutIsEndedWhenTheAnswerComes() throws Exception {
    SlowApi api = new SlowApi();
    RpcClient c =
        kit.closeLater(InMemoryRpc.connect(kit.server(api), Runnable::run, Duration.ofMillis(100)));
    List<Object> events = new CopyOnWriteArrayList<>();

    Throwable t = TestKit.failure(c.subscribe("test", Object.class, events::add, "slow"));

    assertEquals(RpcError.TIMEOUT.code(), ((RpcException) t).code());
    RpcSubscriber made = api.subscribers.get(0);
    TestKit.await("the server's subscription to end", Duration.ofSeconds(5), made::isClosed);
    made.send("x");
    assertTrue(events.isEmpty());
  }

  @Test
  void aSendFromAnotherThreadWhileAFailedSubscribeIsDiscardedIsHarmless() {
    SlowApi api = new SlowApi();
    RawConnection conn = RawConnection.serving(kit.server(api));
    for (int i = 0; i < 2000 && api.sendFailure.get() == null; i++) {
      String reply =
          conn.ask(
              "{\"jsonrpc\":\"2.0\",\"id\":"
                  + i
                  + ",\"method\":\"test_subscribe\",\"params\":[\"racy\"]}");
      assertTrue(reply.contains("nope"), reply);
    }
    assertNull(api.sendFailure.get());
  }

  @Test
  void anAnswerSentBeforeTheServerClosedReachesTheCaller() throws Exception {
    RpcServer server = kit.server(new TestApi());
    CountDownLatch hold = new CountDownLatch(1);
    callbacks.execute(
        () -> {
          try {
            hold.await(); // the caller's executor is busy while the answer and the close come
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    RpcClient c = kit.closeLater(InMemoryRpc.connect(server, callbacks, Duration.ofSeconds(5)));
    CompletableFuture<Integer> answer = c.call("test_inc", Integer.class, 1).toCompletableFuture();
    Thread.sleep(200); // answered: the answer waits for the executor
    server.close();
    hold.countDown();

    assertEquals(2, answer.get(5, TimeUnit.SECONDS));
  }

  @Test
  void aTimeoutReachesTheCallerOnItsOwnExecutor() throws Exception {
    TestApi api = new TestApi();
    api.gate = new CompletableFuture<>(); // test_gated never answers
    RpcClient c =
        kit.closeLater(InMemoryRpc.connect(kit.server(api), callbacks, Duration.ofMillis(100)));
    CompletableFuture<String> where = new CompletableFuture<>();

    c.call("test_gated", String.class)
        .whenComplete((v, e) -> where.complete(Thread.currentThread().getName()));

    assertEquals("callbacks", where.get(5, TimeUnit.SECONDS));
  }
}
