package org.p2psim.nodehost.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.p2psim.api.spi.NodeScheduler;
import org.p2psim.p2p.internal.VertxInternals;

/** Timers on a real Vert.x context: they run there, once or repeatedly, until cancelled. */
class ContextSchedulerTest {
  private final List<String> blocked = new CopyOnWriteArrayList<>();
  private Vertx vertx;
  private Context context;
  private ContextScheduler scheduler;

  @BeforeEach
  void setUp() {
    vertx =
        Vertx.vertx(
            new VertxOptions()
                .setMaxEventLoopExecuteTime(1)
                .setMaxEventLoopExecuteTimeUnit(TimeUnit.SECONDS)
                .setBlockedThreadCheckInterval(100)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS));
    VertxInternals.onBlockedThread(
        vertx, (thread, busy) -> blocked.add(thread.getName() + " for " + busy.toMillis() + " ms"));
    context = vertx.getOrCreateContext();
    scheduler = new ContextScheduler(context, Clock.systemUTC());
  }

  @AfterEach
  void tearDown() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    assertEquals(List.of(), blocked, "an event loop was blocked");
  }

  /**
   * Waits until a timer set now on the node's context, {@code delay} from now, has fired. Timers on
   * one event loop fire in deadline order, so every timer due before it has had its turn by then: a
   * proof that something did not run that needs no sleep.
   */
  private void awaitTimerAfter(Duration delay) throws Exception {
    CountDownLatch fired = new CountDownLatch(1);
    context.runOnContext(v -> vertx.setTimer(delay.toMillis(), id -> fired.countDown()));
    assertTrue(fired.await(5, TimeUnit.SECONDS), "the sentinel timer never fired");
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
    awaitTimerAfter(Duration.ofMillis(30));
    assertEquals(1, runs.get());
  }

  @Test
  void aCancelledTaskNeverRuns() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    NodeScheduler.Cancellable c = scheduler.schedule(Duration.ofMillis(50), runs::incrementAndGet);
    c.cancel();
    awaitTimerAfter(Duration.ofMillis(60)); // due after the cancelled one
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
    awaitTimerAfter(Duration.ofMillis(10)); // a run already due may still land before this
    int after = runs.get();
    awaitTimerAfter(Duration.ofMillis(50)); // five periods: a live timer would have fired
    assertEquals(after, runs.get());
  }

  @Test
  void closingCancelsEveryTimerAndRefusesNewOnes() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch twice = new CountDownLatch(2);
    scheduler.schedulePeriodic(
        Duration.ofMillis(10),
        () -> {
          runs.incrementAndGet();
          twice.countDown();
        });
    scheduler.schedule(Duration.ofMillis(100), runs::incrementAndGet);
    assertTrue(twice.await(5, TimeUnit.SECONDS));
    scheduler.close();
    awaitTimerAfter(Duration.ofMillis(10));
    int atClose = runs.get();
    scheduler.schedule(Duration.ofMillis(1), runs::incrementAndGet);
    awaitTimerAfter(Duration.ofMillis(120)); // after the one-shot and the refused one were due
    assertEquals(atClose, runs.get());
  }
}
