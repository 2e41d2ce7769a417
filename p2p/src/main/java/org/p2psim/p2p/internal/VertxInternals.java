package org.p2psim.p2p.internal;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 *   <li>{@link #quietIdleLoops}: an idle node process should not wake every second.
 * </ul>
 */
public final class VertxInternals {
  private VertxInternals() {}

  /**
   * Closes a TCP socket's channel at once, failing what it still has to send. Not through the
   * pipeline: Vert.x's handler there turns a close into one that first flushes what is queued.
   */
  public static void closeAtOnce(NetSocket socket) {
    if (socket instanceof NetSocketInternal internal) {
      Channel channel = internal.channelHandlerContext().channel();
      channel.eventLoop().execute(() -> channel.unsafe().close(channel.voidPromise()));
    } else {
      socket.close();
    }
  }

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

  /**
   * Lets {@code vertx}'s event loops sleep while idle. Netty's NIO loop with no scheduled task
   * wakes every second (to purge cancelled tasks), and in an idle child that interpreted wake-up is
   * its largest CPU cost: 0.15 ms/s for the acceptor loop alone. A no-op task scheduled a year
   * ahead makes each loop sleep until its next real event or timer instead.
   */
  public static void quietIdleLoops(Vertx vertx) {
    VertxInternal v = (VertxInternal) vertx;
    for (EventLoopGroup group : List.of(v.acceptorEventLoopGroup(), v.eventLoopGroup())) {
      for (EventExecutor loop : group) {
        loop.schedule(() -> {}, 365, TimeUnit.DAYS);
      }
    }
  }
}
