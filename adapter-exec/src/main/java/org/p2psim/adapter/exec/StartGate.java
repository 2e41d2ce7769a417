package org.p2psim.adapter.exec;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many children may boot at once: a turn is held from launch to ready line. More children
 * booting at once than there are cores only makes each of them slower (measured: see the README).
 */
final class StartGate {
  private final int turns;
  private final Semaphore semaphore;

  StartGate(int turns) {
    this.turns = turns;
    this.semaphore = new Semaphore(turns, true);
  }

  /**
   * Waits for a turn to boot a child. Running the returned handle gives the turn back; running it
   * again does nothing.
   */
  Runnable awaitTurn() throws InterruptedException {
    semaphore.acquire();
    AtomicBoolean held = new AtomicBoolean(true);
    return () -> {
      if (held.compareAndSet(true, false)) {
        semaphore.release();
      }
    };
  }

  /** Whether no child is booting and none waits for a turn. */
  boolean idle() {
    return semaphore.availablePermits() >= turns && !semaphore.hasQueuedThreads();
  }
}
