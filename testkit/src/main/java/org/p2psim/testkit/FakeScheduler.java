package org.p2psim.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.p2psim.api.spi.NodeScheduler;

/**
 * One node's scheduler on a {@link FakeLoop}: tasks and timers run when the test drives the loop.
 * It keeps its own timers, so a test can count them and cancel them as a node does when it stops.
 */
public final class FakeScheduler implements NodeScheduler {
  private final FakeLoop loop;
  private final List<FakeLoop.Timer> timers = new ArrayList<>();

  FakeScheduler(FakeLoop loop) {
    this.loop = loop;
  }

  @Override
  public void execute(Runnable task) {
    loop.post(requireNonNull(task, "task"));
  }

  @Override
  public Cancellable schedule(Duration delay, Runnable task) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay " + delay);
    }
    return add(delay, null, task);
  }

  @Override
  public Cancellable schedulePeriodic(Duration period, Runnable task) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, got " + period);
    }
    return add(period, period, task);
  }

  @Override
  public Clock clock() {
    return loop.clock();
  }

  /** How many timers are scheduled and not cancelled (periodic ones, and one-shots not yet run). */
  public int activeTimers() {
    return timers.size();
  }

  /** Cancels every timer, as a node does when it stops. */
  public void cancelAll() {
    for (FakeLoop.Timer t : List.copyOf(timers)) {
      t.cancelled = true;
    }
    timers.clear();
  }

  void forget(FakeLoop.Timer t) {
    timers.remove(t);
  }

  private Cancellable add(Duration delay, Duration period, Runnable task) {
    requireNonNull(task, "task");
    FakeLoop.Timer t = loop.addTimer(this, delay, period, task);
    timers.add(t);
    return () -> {
      t.cancelled = true;
      timers.remove(t);
    };
  }
}
