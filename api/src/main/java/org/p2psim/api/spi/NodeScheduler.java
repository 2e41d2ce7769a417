package org.p2psim.api.spi;

import java.time.Clock;
import java.time.Duration;

/**
 * The node's event-loop context: where protocol handlers run, and where a service schedules its own
 * work so that it, too, needs no locks. Timers are cancelled when the node stops.
 */
public interface NodeScheduler {

  /** Runs {@code task} on the node's context, after the current callback. */
  void execute(Runnable task);

  /** Runs {@code task} once on the node's context after {@code delay}. */
  Cancellable schedule(Duration delay, Runnable task);

  /** Runs {@code task} on the node's context every {@code period}, the first time after one. */
  Cancellable schedulePeriodic(Duration period, Runnable task);

  /** The clock the node reads time from. */
  Clock clock();

  /** A scheduled task that can be cancelled. */
  interface Cancellable {
    /** Cancels the task; does nothing when it already ran or was cancelled. */
    void cancel();
  }
}
