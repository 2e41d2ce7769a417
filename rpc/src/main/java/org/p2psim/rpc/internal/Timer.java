package org.p2psim.rpc.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One shared daemon thread for the periodic timeout sweeps of clients that have no Vert.x (the
 * in-memory ones). A sweep is a short scan of a map, so one thread serves any number of clients.
 */
public final class Timer {
  private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

  private Timer() {}

  private static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "p2psim-rpc-timeouts");
              t.setDaemon(true);
              return t;
            });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /** Runs {@code task} every {@code period} until the returned handle is closed. */
  public static AutoCloseable every(Duration period, Runnable task) {
    long ms = period.toMillis();
    ScheduledFuture<?> f = SCHEDULER.scheduleWithFixedDelay(task, ms, ms, TimeUnit.MILLISECONDS);
    return () -> f.cancel(false);
  }
}
