package org.p2psim.p2p.internal;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * The one place the p2p module uses Vert.x's internal API ({@code io.vertx.core.internal}), which
 * Vert.x may change in any release, minor ones included: a Vert.x upgrade that breaks p2p breaks
 * here and nowhere else. Everything else in the module uses the public API.
 *
 * <p>Why it is needed:
 *
 * <ul>
 *   <li>{@link #newEventLoopContext}: each simulated node runs on an event-loop context of its own,
 *       so that many nodes share a few threads yet never share state. The public API has no way to
 *       make a fresh context: {@code Vertx.getOrCreateContext()} returns the caller's, and a
 *       verticle per node would cost a deployment each.
 *   <li>{@link #setTimer} and {@link #setPeriodic}: a connection's handshake timeout and keepalive
 *       must fire on its node's context whatever thread arms them; {@code Vertx.setTimer} binds a
 *       timer to the calling thread's context instead.
 *   <li>{@link #onBlockedThread}: tests fail when an event loop is blocked; Vert.x only logs it.
 * </ul>
 */
public final class VertxInternals {
  private VertxInternals() {}

  /** Makes a new event-loop context on {@code vertx}; each call spreads over its event loops. */
  public static Context newEventLoopContext(Vertx vertx) {
    requireNonNull(vertx, "vertx");
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  /** Calls {@code handler} once on {@code context} after {@code delayMillis}; returns the id. */
  public static long setTimer(Context context, long delayMillis, Handler<Long> handler) {
    return ((ContextInternal) context).setTimer(delayMillis, handler);
  }

  /** Calls {@code handler} on {@code context} every {@code periodMillis}; returns the id. */
  public static long setPeriodic(Context context, long periodMillis, Handler<Long> handler) {
    return ((ContextInternal) context).setPeriodic(periodMillis, handler);
  }

  /**
   * Calls {@code onBlocked} with the thread and how long it has been busy whenever Vert.x's
   * blocked-thread checker finds one of {@code vertx}'s event loops running one task past {@link
   * io.vertx.core.VertxOptions#getMaxEventLoopExecuteTime()}. Vert.x only logs a warning; tests use
   * this to fail instead, so that blocking an event loop is caught where it happens.
   */
  public static void onBlockedThread(Vertx vertx, BiConsumer<Thread, Duration> onBlocked) {
    requireNonNull(onBlocked, "onBlocked");
    ((VertxInternal) vertx)
        .blockedThreadChecker()
        .setThreadBlockedHandler(e -> onBlocked.accept(e.thread(), Duration.ofNanos(e.duration())));
  }
}
