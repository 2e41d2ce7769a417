package org.p2psim.network.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.p2psim.testkit.Await;

class EventBusTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void stop() throws InterruptedException {
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
  }

  /** A subscriber that records, asks for {@code initial} items, and can be held up. */
  static final class Probe implements Flow.Subscriber<Integer> {
    final List<Integer> items = new ArrayList<>();
    final CompletableFuture<Throwable> error = new CompletableFuture<>();
    final CompletableFuture<Void> completed = new CompletableFuture<>();
    final long initial;
    volatile CountDownLatch hold = new CountDownLatch(0);
    final CountDownLatch entered = new CountDownLatch(1);
    Flow.Subscription subscription;

    Probe(long initial) {
      this.initial = initial;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(initial);
    }

    @Override
    public void onNext(Integer item) {
      entered.countDown();
      try {
        hold.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        items.add(item);
      }
    }

    synchronized List<Integer> items() {
      return List.copyOf(items);
    }

    @Override
    public void onError(Throwable t) {
      error.complete(t);
    }

    @Override
    public void onComplete() {
      completed.complete(null);
    }
  }

  private EventBus<Integer> bus(int capacity) {
    return new EventBus<>(executor, capacity, i -> "item " + i);
  }

  @Test
  void everySubscriberGetsEveryItemInOrder() {
    EventBus<Integer> bus = bus(1000);
    Probe a = new Probe(Long.MAX_VALUE);
    Probe b = new Probe(Long.MAX_VALUE);
    bus.subscribe(a);
    bus.subscribe(b);
    List<Integer> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      bus.publish(i);
      sent.add(i);
    }
    Await.until("both have 500", Duration.ofSeconds(5), () -> a.items().size() == 500);
    Await.until("both have 500", Duration.ofSeconds(5), () -> b.items().size() == 500);
    assertEquals(sent, a.items());
    assertEquals(sent, b.items());
  }

  @Test
  void aSlowSubscriberIsEndedSayingHowManyItMissedAndTheOthersGoOn() throws Exception {
    EventBus<Integer> bus = bus(10);
    Probe slow = new Probe(Long.MAX_VALUE);
    Probe quick = new Probe(Long.MAX_VALUE);
    slow.hold = new CountDownLatch(1);
    bus.subscribe(slow);
    bus.subscribe(quick);
    Await.until("both subscribed", Duration.ofSeconds(5), () -> bus.subscribers() == 2);
    bus.publish(0); // the slow one takes it and is held in onNext
    Await.until("the quick one has item 0", Duration.ofSeconds(5), () -> quick.items().size() == 1);
    assertTrue(slow.entered.await(5, TimeUnit.SECONDS), "the slow one never took item 0");
    long publishNanos = 0;
    for (int i = 1; i <= 30; i++) {
      long t0 = System.nanoTime();
      bus.publish(i); // 1-10 fit in the slow one's queue, 11-30 do not
      publishNanos += System.nanoTime() - t0;
      int n = i + 1;
      if (i % 5 == 0) { // in steps the quick one's queue holds
        Await.until(
            "the quick one has " + n, Duration.ofSeconds(5), () -> quick.items().size() == n);
      }
    }
    long publishMs = publishNanos / 1_000_000;
    slow.hold.countDown();
    Throwable t = slow.error.get(5, TimeUnit.SECONDS);
    EventBus.Overflow o = assertInstanceOf(EventBus.Overflow.class, t);
    assertEquals(
        "events subscriber too slow: its queue of 10 events was full, so it was ended having"
            + " missed 20 events, the first at item 11",
        o.getMessage());
    assertEquals(20, o.missed());
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), slow.items());
    Await.until("the slow one left the bus", Duration.ofSeconds(5), () -> bus.subscribers() == 1);
    bus.publish(31);
    Await.until("the quick one goes on", Duration.ofSeconds(5), () -> quick.items().size() == 32);
    assertTrue(publishMs < 1000, "publishing waited for the slow subscriber: " + publishMs);
  }

  @Test
  void itemsGoOnlyAsFarAsTheSubscriberAsked() {
    EventBus<Integer> bus = bus(100);
    Probe p = new Probe(2);
    bus.subscribe(p);
    for (int i = 0; i < 5; i++) {
      bus.publish(i);
    }
    Await.until("two items", Duration.ofSeconds(5), () -> p.items().size() == 2);
    p.subscription.request(2);
    Await.until("four items", Duration.ofSeconds(5), () -> p.items().size() == 4);
    assertEquals(List.of(0, 1, 2, 3), p.items());
  }

  @Test
  void aSubscriberThatAsksForNothingWhileItsQueueFillsIsEndedAtOnce() throws Exception {
    EventBus<Integer> bus = bus(3);
    Probe p = new Probe(1);
    bus.subscribe(p);
    bus.publish(0);
    Await.until("item 0 delivered", Duration.ofSeconds(5), () -> p.items().size() == 1);
    for (int i = 1; i < 6; i++) {
      bus.publish(i); // 1, 2, 3 wait for a request that never comes; 4 does not fit
    }
    EventBus.Overflow o =
        assertInstanceOf(EventBus.Overflow.class, p.error.get(5, TimeUnit.SECONDS));
    assertEquals(List.of(0), p.items());
    // 1-4 at least; 5 too if it came before the end was delivered
    assertTrue(o.missed() == 4 || o.missed() == 5, "missed " + o.missed());
  }

  @Test
  void aNonPositiveRequestEndsTheSubscriptionWithAnError() throws Exception {
    EventBus<Integer> bus = bus(3);
    Probe p = new Probe(0);
    bus.subscribe(p);
    Throwable t = p.error.get(5, TimeUnit.SECONDS);
    assertEquals(
        "request(0): a subscriber must request a positive number",
        assertInstanceOf(IllegalArgumentException.class, t).getMessage());
  }

  @Test
  void cancelledSubscribersGetNoMore() {
    EventBus<Integer> bus = bus(10);
    Probe p = new Probe(Long.MAX_VALUE);
    bus.subscribe(p);
    bus.publish(1);
    Await.until("one item", Duration.ofSeconds(5), () -> p.items().size() == 1);
    p.subscription.cancel();
    Await.until("it left the bus", Duration.ofSeconds(5), () -> bus.subscribers() == 0);
    bus.publish(2);
    assertEquals(List.of(1), p.items());
  }

  @Test
  void closeCompletesSubscribersAfterWhatWasQueued() throws Exception {
    EventBus<Integer> bus = bus(10);
    Probe p = new Probe(Long.MAX_VALUE);
    bus.subscribe(p);
    bus.publish(1);
    bus.publish(2);
    bus.close();
    p.completed.get(5, TimeUnit.SECONDS);
    assertEquals(List.of(1, 2), p.items());
    Probe late = new Probe(1);
    bus.subscribe(late);
    late.completed.get(5, TimeUnit.SECONDS);
  }
}
