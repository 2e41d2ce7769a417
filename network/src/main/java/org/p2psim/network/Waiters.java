package org.p2psim.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.p2psim.network.NetworkException.Kind;

/**
 * A {@link Network}'s waits on its own model: each is a condition over the model, checked when the
 * wait begins and after every change, that fails after its timeout saying what was still missing.
 * Every method runs under the network's lock (the {@code lock} given), so a condition reads a
 * consistent model.
 */
final class Waiters {
  /** What a wait still lacks: null once its condition holds. Called under the lock. */
  @FunctionalInterface
  interface Missing {
    String now();
  }

  private final Object lock;
  private final ScheduledExecutorService timer;
  private final Executor delivery;
  private final List<Waiter> waiting = new ArrayList<>(); // guarded by lock

  /**
   * @param lock the network's lock
   * @param timer where timeouts fire
   * @param delivery where completed waits' dependents run, never under the lock
   */
  Waiters(Object lock, ScheduledExecutorService timer, Executor delivery) {
    this.lock = lock;
    this.timer = timer;
    this.delivery = delivery;
  }

  /**
   * A future that completes once {@code missing} answers null; after {@code timeout} it fails with
   * {@code timed out after <timeout> waiting for <what>: <missing>}.
   */
  CompletableFuture<Void> await(Missing missing, String what, Duration timeout) {
    Waiter w = new Waiter(missing);
    synchronized (lock) {
      if (missing.now() == null) {
        return CompletableFuture.completedFuture(null);
      }
      waiting.add(w);
    }
    timer.schedule(
        () -> {
          String still;
          synchronized (lock) {
            if (!waiting.remove(w)) {
              return;
            }
            still = missing.now();
          }
          w.done.completeExceptionally(
              new NetworkException(
                  Kind.FAILED,
                  "timed out after "
                      + Network.words(timeout)
                      + " waiting for "
                      + what
                      + ": "
                      + still));
        },
        timeout.toNanos(),
        TimeUnit.NANOSECONDS);
    return w.done;
  }

  /**
   * Ends the wait behind {@code future} with an error, e.g. when its RPC failed. May be called
   * under the lock: the future fails on the delivery executor, as waits that hold do.
   */
  CompletableFuture<Void> fail(CompletableFuture<Void> future, Kind kind, String message) {
    synchronized (lock) {
      waiting.removeIf(w -> w.done == future);
    }
    deliver(() -> future.completeExceptionally(new NetworkException(kind, message)));
    return future;
  }

  /** Under the lock, after a change: completes the waits whose condition now holds. */
  void settle() {
    if (waiting.isEmpty()) {
      return;
    }
    List<Waiter> ready = new ArrayList<>();
    waiting.removeIf(
        w -> {
          if (w.missing.now() == null) {
            ready.add(w);
            return true;
          }
          return false;
        });
    ready.forEach(w -> deliver(() -> w.done.complete(null)));
  }

  /** Runs {@code completion} on the delivery executor, or here once that is shut down. */
  private void deliver(Runnable completion) {
    try {
      delivery.execute(completion);
    } catch (RejectedExecutionException e) {
      completion.run(); // the network is shut: nobody's lock is at stake any more
    }
  }

  /** Under the lock: fails every wait with {@code message}. */
  void failAll(String message) {
    waiting.forEach(w -> w.done.completeExceptionally(new NetworkException(Kind.FAILED, message)));
    waiting.clear();
  }

  private static final class Waiter {
    final Missing missing;
    final CompletableFuture<Void> done = new CompletableFuture<>();

    Waiter(Missing missing) {
      this.missing = missing;
    }
  }
}
