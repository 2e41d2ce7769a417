package org.p2psim.nodehost.internal;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.p2psim.api.spi.NodeScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's scheduler on its Vert.x event-loop context. Remembers its timers so that stopping the
 * node cancels them all.
 */
public final class ContextScheduler implements NodeScheduler {
  private static final Logger log = LoggerFactory.getLogger(ContextScheduler.class);

  private final Context context;
  private final Vertx vertx;
  private final Clock clock;
  private final Set<Long> timers = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** Schedules on {@code context}, reading time from {@code clock}. */
  public ContextScheduler(Context context, Clock clock) {
    this.context = requireNonNull(context, "context");
    this.vertx = context.owner();
    this.clock = requireNonNull(clock, "clock");
  }

  @Override
  public void execute(Runnable task) {
    requireNonNull(task, "task");
    context.runOnContext(v -> run(task));
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    requireNonNull(task, "task");
    return arm(
        delay,
        ms ->
            vertx.setTimer(
                ms,
                t -> {
                  timers.remove(t);
                  run(task);
                }));
  }

  @Override
  public Cancellable schedulePeriodic(Duration period, Runnable task) {
    requireNonNull(task, "task");
    return arm(period, ms -> vertx.setPeriodic(ms, t -> run(task)));
  }

  /**
   * Sets a timer on the node's context, unless the scheduler is closed by then; cancelling runs on
   * the context too, so it always comes after the timer was set.
   */
  private Cancellable arm(Duration after, java.util.function.LongUnaryOperator setTimer) {
    long ms = Math.max(1, after.toMillis());
    long[] id = new long[1];
    context.runOnContext(
        v -> {
          if (closed) {
            return;
          }
          id[0] = setTimer.applyAsLong(ms);
          timers.add(id[0]);
        });
    return () -> context.runOnContext(v -> cancel(id[0]));
  }

  private void cancel(long id) {
    if (timers.remove(id)) {
      vertx.cancelTimer(id);
    }
  }

  private void run(Runnable task) {
    if (closed) {
      return;
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("a scheduled task failed", e);
    }
  }

  @Override
  public Clock clock() {
    return clock;
  }

  /** Cancels every timer and refuses new ones. */
  public void close() {
    closed = true;
    for (Long id : timers) {
      vertx.cancelTimer(id);
    }
    timers.clear();
  }
}
