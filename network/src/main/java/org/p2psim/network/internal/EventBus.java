package org.p2psim.network.internal;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each published item to every subscriber, in publication order, without ever blocking the
 * publisher: each subscriber has a bounded queue drained on the executor, one task at a time per
 * subscriber (so its callbacks never overlap) and only as far as it has asked ({@link
 * Flow.Subscription#request}). A subscriber whose queue is full is ended: it gets what was queued
 * as far as its demand goes, then {@code onError} with an {@link Overflow} that says how many items
 * it missed. The others, and the publisher, go on as if nothing happened.
 *
 * <p>{@link #publish} may be called from any thread; callers that need one order for all
 * subscribers publish under their own lock.
 *
 * @param <T> the items
 */
public final class EventBus<T> {
  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  private final Executor executor;
  private final int capacity;
  private final Function<T, String> describe;
  private final CopyOnWriteArrayList<Sink> sinks = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /**
   * @param executor where subscribers' callbacks run
   * @param capacity how many items a subscriber may fall behind before it is ended
   * @param describe a few words on an item, for the overflow message (e.g. its time)
   */
  public EventBus(Executor executor, int capacity, Function<T, String> describe) {
    this.executor = requireNonNull(executor, "executor");
    this.describe = requireNonNull(describe, "describe");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Why a subscription was ended: it fell too far behind. */
  public static final class Overflow extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long missed;

    Overflow(String message, long missed) {
      super(message);
      this.missed = missed;
    }

    /** How many items the subscriber missed. */
    public long missed() {
      return missed;
    }
  }

  /** Subscribes; items published from now on reach {@code subscriber} as it requests them. */
  public void subscribe(Flow.Subscriber<? super T> subscriber) {
    requireNonNull(subscriber, "subscriber");
    Sink sink = new Sink(subscriber);
    sinks.add(sink);
    if (closed) {
      sink.complete(); // a close() that ran before the add did not see this sink
    }
    sink.schedule(); // delivers onSubscribe on the executor, before any item
  }

  /** Queues {@code item} for every subscriber. Never blocks. */
  public void publish(T item) {
    requireNonNull(item, "item");
    for (Sink sink : sinks) {
      sink.offer(item);
    }
  }

  /** How many subscribers there are. */
  public int subscribers() {
    return sinks.size();
  }

  /**
   * Completes every subscription once its queued items are delivered; later ones complete at once.
   */
  public void close() {
    closed = true;
    for (Sink sink : sinks) {
      sink.complete();
    }
  }

  /** One subscriber's queue and its delivery state. */
  private final class Sink implements Flow.Subscription, Runnable {
    private final Flow.Subscriber<? super T> subscriber;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    // Guarded by this:
    private boolean subscribed;
    private long demand;
    private boolean cancelled;
    private long badRequest = 1; // the first non-positive request, if any
    private boolean completing;
    private boolean done;
    private long missed; // from the first item that did not fit
    private String firstMissed;

    Sink(Flow.Subscriber<? super T> subscriber) {
      this.subscriber = subscriber;
    }

    void offer(T item) {
      synchronized (this) {
        if (done || cancelled || completing) {
          return;
        }
        if (missed > 0) {
          missed++;
          return;
        }
        if (queue.size() >= capacity) {
          missed = 1;
          firstMissed = describe.apply(item);
        } else {
          queue.add(item);
        }
      }
      schedule();
    }

    void complete() {
      synchronized (this) {
        completing = true;
      }
      schedule();
    }

    void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        try {
          executor.execute(this);
        } catch (RuntimeException e) {
          scheduled.set(false);
          if (closed && e instanceof RejectedExecutionException) {
            run(); // the executor is shut after the bus: all that is left is the ending
          } else {
            log.warn("cannot deliver events: the executor refused the task", e);
          }
        }
      }
    }

    @Override
    public void run() {
      try {
        drain();
      } finally {
        scheduled.set(false);
      }
      if (hasWork()) {
        schedule(); // something arrived after the last look
      }
    }

    private synchronized boolean hasWork() {
      if (done) {
        return false;
      }
      return !subscribed
          || cancelled
          || badRequest <= 0
          || (demand > 0 && !queue.isEmpty())
          || ((missed > 0 || completing) && (queue.isEmpty() || demand == 0));
    }

    private void drain() {
      boolean first;
      synchronized (this) {
        first = !subscribed;
        subscribed = true;
      }
      if (first) {
        call(() -> subscriber.onSubscribe(this));
      }
      while (true) {
        T next = null;
        Throwable error = null;
        boolean finish = false;
        synchronized (this) {
          if (done) {
            return;
          }
          if (cancelled) {
            end();
            return;
          }
          if (badRequest <= 0) {
            error =
                new IllegalArgumentException(
                    "request(" + badRequest + "): a subscriber must request a positive number");
            end();
          } else if (demand > 0 && !queue.isEmpty()) {
            next = queue.poll();
            demand--;
          } else if (missed > 0 && (queue.isEmpty() || demand == 0)) {
            long total = missed + queue.size();
            error =
                new Overflow(
                    "events subscriber too slow: its queue of "
                        + capacity
                        + " events was full, so it was ended having missed "
                        + total
                        + " events, the first at "
                        + (queue.isEmpty() ? firstMissed : describe.apply(queue.peek())),
                    total);
            end();
          } else if (completing && queue.isEmpty()) {
            finish = true;
            end();
          } else {
            return; // nothing to do until more demand or items come
          }
        }
        if (next != null) {
          T item = next;
          call(() -> subscriber.onNext(item));
        } else if (error != null) {
          Throwable e = error;
          call(() -> subscriber.onError(e));
          return;
        } else if (finish) {
          call(subscriber::onComplete);
          return;
        }
      }
    }

    /** Under the lock: this sink is finished and leaves the bus. */
    private void end() {
      done = true;
      queue.clear();
      sinks.remove(this);
    }

    private void call(Runnable callback) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        // A subscriber that throws breaks the Flow contract; it is ended, the others go on.
        log.warn("an events subscriber threw; its subscription is ended", e);
        synchronized (this) {
          end();
        }
      }
    }

    @Override
    public void request(long n) {
      synchronized (this) {
        if (done) {
          return;
        }
        if (n <= 0) {
          badRequest = Math.min(badRequest, n); // Reactive Streams §3.9: answered with onError
        } else {
          demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        }
      }
      schedule();
    }

    @Override
    public void cancel() {
      synchronized (this) {
        cancelled = true;
      }
      schedule();
    }
  }
}
