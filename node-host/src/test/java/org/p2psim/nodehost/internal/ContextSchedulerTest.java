package org.p2psim.nodehost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.spi.NodeScheduler;

/** Timers on a real Vert.x context: they run there, once or repeatedly, until cancelled. */
class ContextSchedulerTest {
  private Vertx vertx;
  private Context context;
  private ContextScheduler scheduler;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    context = vertx.getOrCreateContext();
    scheduler = new ContextScheduler(context, Clock.systemUTC());
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void aOneShotTaskRunsOnceOnTheNodesContext() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    scheduler.schedule(
        Duration.ofMillis(10),
        () -> {
          assertTrue(Vertx.currentContext() == context, "not on the node's context");
          runs.incrementAndGet();
          ran.countDown();
        });
    assertTrue(ran.await(5, TimeUnit.SECONDS));
    Thread.sleep(100);
    assertEquals(1, runs.get());
  }

  @Test
  void aCancelledTaskNeverRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    NodeScheduler.Cancellable c = scheduler.schedule(Duration.ofMillis(50), runs::incrementAndGet);
    c.cancel();
    Thread.sleep(200);
    assertEquals(0, runs.get());
  }

  @Test
  void aPeriodicTaskRepeatsUntilCancelled() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    NodeScheduler.Cancellable c =
        scheduler.schedulePeriodic(
            Duration.ofMillis(10),
            () -> {
              runs.incrementAndGet();
              three.countDown();
            });
    assertTrue(three.await(5, TimeUnit.SECONDS));
    c.cancel();
    Thread.sleep(50); // a run already queued may still land
    int after = runs.get();
    Thread.sleep(150);
    assertEquals(after, runs.get());
  }

  @Test
  void closingCancelsEveryTimerAndRefusesNewOnes() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    scheduler.schedulePeriodic(Duration.ofMillis(10), runs::incrementAndGet);
    scheduler.schedule(Duration.ofMillis(100), runs::incrementAndGet);
    Thread.sleep(50);
    scheduler.close();
    Thread.sleep(30);
    int atClose = runs.get();
    scheduler.schedule(Duration.ofMillis(1), runs::incrementAndGet);
    Thread.sleep(200);
    assertEquals(atClose, runs.get());
  }
}
