package org.p2psim.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * One event loop and one clock for a whole test network. Nothing runs by itself: the test calls
 * {@link #runPending()} to run the queued tasks (messages in flight, {@code execute} calls), and
 * {@link #advance(Duration)} to move the clock and fire the timers that fall due, one at a time, in
 * time order. So a test is deterministic and every callback runs alone, as on a node's event loop.
 */
public final class FakeLoop {
  /** Where clocks start unless told otherwise. */
  public static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  /** Beyond this many tasks in one run, something loops forever. */
  private static final int MAX_TASKS = 1_000_000;

  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparing((Timer t) -> t.due).thenComparingLong(t -> t.order));
  private long order;
  private Instant now;
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          throw new UnsupportedOperationException("the fake clock is UTC only");
        }

        @Override
        public Instant instant() {
          return now;
        }
      };

  /** A loop whose clock reads {@link #START}. */
  public FakeLoop() {
    this(START);
  }

  /** A loop whose clock reads {@code start}. */
  public FakeLoop(Instant start) {
    this.now = start;
  }

  /** A new node's view of this loop. */
  public FakeScheduler scheduler() {
    return new FakeScheduler(this);
  }

  /** The time now. */
  public Instant now() {
    return now;
  }

  /** The clock, which reads {@link #now()}. */
  public Clock clock() {
    return clock;
  }

  /** Runs queued tasks, and those they queue, until none is left. */
  public void runPending() {
    int ran = 0;
    Runnable task;
    while ((task = tasks.poll()) != null) {
      if (++ran > MAX_TASKS) {
        throw new AssertionError("more than " + MAX_TASKS + " tasks in one run: a loop?");
      }
      task.run();
    }
  }

  /**
   * Runs the first queued task, if any: for stepping through a conversation that would otherwise
   * never end, such as two nodes that answer every message.
   *
   * @return whether a task ran
   */
  public boolean runOne() {
    Runnable task = tasks.poll();
    if (task == null) {
      return false;
    }
    task.run();
    return true;
  }

  /** How many tasks are queued (messages in flight, {@code execute} calls). */
  public int pending() {
    return tasks.size();
  }

  /**
   * Runs what is queued, then moves the clock forward by {@code by}, stopping at each timer that
   * falls due to run it and what it queued.
   */
  public void advance(Duration by) {
    Instant until = now.plus(by);
    runPending();
    Timer next;
    while ((next = timers.peek()) != null && !next.due.isAfter(until)) {
      timers.poll();
      if (next.cancelled) {
        continue;
      }
      now = next.due;
      if (next.period != null) {
        next.due = next.due.plus(next.period);
        next.order = order++;
        timers.add(next);
      } else {
        next.owner.forget(next);
      }
      next.task.run();
      runPending();
    }
    now = until;
  }

  /** Same as {@code advance(Duration.ofMillis(ms))}. */
  public void advanceMillis(long ms) {
    advance(Duration.ofMillis(ms));
  }

  void post(Runnable task) {
    tasks.add(task);
  }

  Timer addTimer(FakeScheduler owner, Duration delay, Duration period, Runnable task) {
    Timer t = new Timer(owner, now.plus(delay), period, task, order++);
    timers.add(t);
    return t;
  }

  /** A scheduled task. */
  static final class Timer {
    final FakeScheduler owner;
    final Duration period;
    final Runnable task;
    Instant due;
    long order;
    boolean cancelled;

    Timer(FakeScheduler owner, Instant due, Duration period, Runnable task, long order) {
      this.owner = owner;
      this.due = due;
      this.period = period;
      this.task = task;
      this.order = order;
    }
  }
}
