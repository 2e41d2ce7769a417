package org.p2psim.testkit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounded waiting for something that happens on another thread or in another process: a peer that
 * comes up, an event that arrives, a file that appears. Every wait has a timeout, and a wait that
 * runs out says what it waited for and, when told, what was still missing, so a failed test reads
 * as a sentence instead of a bare {@code false}.
 *
 * <pre>{@code
 * Await.until("bob has 2 peers", Duration.ofSeconds(5), () -> peers(bob) == 2,
 *     () -> "bob has " + peers(bob));
 * }</pre>
 *
 * <p>The condition is polled, first every millisecond and backing off to every 50 ms. A condition
 * that throws counts as not yet met; when time runs out, the last exception is the failure's cause.
 * For fake nodes on a {@link FakeLoop} there is nothing to wait for: drive the loop instead.
 */
public final class Await {
  private static final long FIRST_POLL_NANOS = Duration.ofMillis(1).toNanos();
  private static final long MAX_POLL_NANOS = Duration.ofMillis(50).toNanos();

  private Await() {}

  /** A condition that may throw while it is not yet met, as an RPC call to a starting node may. */
  @FunctionalInterface
  public interface Condition {
    /** Whether the awaited state holds now. */
    boolean holds() throws Exception;
  }

  /** A value that may not be there yet: null or an exception means not yet. */
  @FunctionalInterface
  public interface Probe<T> {
    /** The value, or null while it is not there yet. */
    T get() throws Exception;
  }

  /**
   * Waits until {@code condition} holds, for at most {@code timeout}.
   *
   * @param what the awaited state, worded to follow "waiting until", e.g. {@code "bob is up"}
   * @throws AssertionError when the time runs out: {@code timed out after 5 s waiting until bob is
   *     up}
   */
  public static void until(String what, Duration timeout, Condition condition) {
    until(what, timeout, condition, () -> null);
  }

  /**
   * Waits until {@code condition} holds, for at most {@code timeout}; when the time runs out the
   * error also says what {@code missing} reports at that moment (e.g. {@code "still down: carol"}).
   */
  public static void until(
      String what, Duration timeout, Condition condition, Supplier<String> missing) {
    requireNonNull(condition, "condition");
    value(what, timeout, () -> condition.holds() ? Boolean.TRUE : null, missing);
  }

  /**
   * Waits until {@code probe} gives a value, for at most {@code timeout}, and returns it.
   *
   * @throws AssertionError when the time runs out, saying what was awaited
   */
  public static <T> T value(String what, Duration timeout, Probe<T> probe) {
    return value(what, timeout, probe, () -> null);
  }

  /**
   * Waits until {@code probe} gives a value, for at most {@code timeout}, and returns it; when the
   * time runs out the error also says what {@code missing} reports then.
   */
  public static <T> T value(
      String what, Duration timeout, Probe<T> probe, Supplier<String> missing) {
    requireNonNull(what, "what");
    requireNonNull(probe, "probe");
    requireNonNull(missing, "missing");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("negative timeout " + timeout);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = FIRST_POLL_NANOS;
    Exception last = null;
    while (true) {
      try {
        T value = probe.get();
        if (value != null) {
          return value;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      } catch (Exception e) {
        last = e;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw timedOut(what, timeout, missing.get(), last);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
    }
  }

  private static AssertionError timedOut(
      String what, Duration timeout, String missing, Exception last) {
    StringBuilder message =
        new StringBuilder("timed out after ").append(words(timeout)).append(" waiting until ");
    message.append(what);
    if (missing != null && !missing.isEmpty()) {
      message.append(" (").append(missing).append(')');
    }
    if (last != null) {
      message.append("; last try failed: ").append(last);
    }
    return new AssertionError(message.toString(), last);
  }

  /** A timeout as a person writes it: {@code 5 s}, {@code 250 ms}. */
  static String words(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 == 0) {
      return ms / 1000 + " s";
    }
    return ms + " ms";
  }
}
