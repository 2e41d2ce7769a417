package org.p2psim.p2p;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.ThreadLocalRandom;
import org.p2psim.api.Link;
import org.p2psim.p2p.internal.VertxInternals;

/**
 * The sending side of one connection under its {@link Link} conditions: each write leaves after the
 * writes before it have had their share of the bandwidth, and reaches the socket a latency (plus or
 * minus jitter) later; never before an earlier write, so order is kept. Without conditions, and
 * with nothing held back, a write goes straight through.
 *
 * <p>Shaping is on the sender, under RLPx, so it holds for TCP and in-memory pipes alike, and a
 * link set on both ends shapes both directions. Runs on the node's context only.
 */
final class LinkShaper implements Duplex {
  /** Bytes held back at most: past that the link cannot carry what is sent, and it is dropped. */
  static final long MAX_HELD_BYTES = 32L << 20;

  /** Writes due within this much are sent with the one due now, instead of on another timer. */
  private static final long SLACK_NANOS = 500_000;

  private final Context context;
  private final Duplex socket;
  private Link link = Link.NONE;

  private ArrayDeque<Held> held;
  private long heldBytes;
  private long wireFreeAt;
  private long lastArrival;
  private long timer = -1;
  private boolean ending;
  private Runnable onEnded;
  private boolean closed;
  private Handler<Throwable> exceptionHandler;

  private record Held(Buffer data, long due, Promise<Void> written) {}

  LinkShaper(Context context, Duplex socket) {
    this.context = context;
    this.socket = socket;
  }

  /** Shapes what is written from now on with {@code link}; what is held keeps its time. */
  void link(Link link) {
    this.link = link;
  }

  Link link() {
    return link;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (closed) {
      return socket.write(data); // the socket says what a write to a closed stream gets
    }
    if (link.isNone() && held == null) {
      return socket.write(data);
    }
    long now = System.nanoTime();
    long size = data.length();
    long start = Math.max(now, wireFreeAt);
    wireFreeAt = link.bandwidth() == 0 ? start : start + size * 8_000_000_000L / link.bandwidth();
    long delay = link.latency().toNanos();
    long jitter = link.jitter().toNanos();
    if (jitter > 0) {
      delay = Math.max(0, delay + ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
    }
    long due = Math.max(wireFreeAt + delay, lastArrival);
    lastArrival = due;
    if (held == null && due - now <= 0) {
      return socket.write(data);
    }
    if (heldBytes + size > MAX_HELD_BYTES) {
      overflow(size);
      return Future.failedFuture("link send queue is full");
    }
    Promise<Void> written = Promise.promise();
    if (held == null) {
      held = new ArrayDeque<>();
    }
    held.add(new Held(data, due, written));
    heldBytes += size;
    if (held.size() == 1) {
      arm(due - now);
    }
    return written.future();
  }

  private void arm(long nanos) {
    long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
    timer = VertxInternals.setTimer(context, millis, t -> release());
  }

  /** Sends what is due, then waits for the next. */
  private void release() {
    timer = -1;
    if (closed || held == null) {
      return;
    }
    long now = System.nanoTime();
    Held h;
    while ((h = held.peek()) != null && h.due - now <= SLACK_NANOS) {
      held.poll();
      heldBytes -= h.data.length();
      socket.write(h.data).onComplete(h.written);
    }
    if (h != null) {
      arm(h.due - now);
      return;
    }
    held = null;
    if (ending) {
      endNow();
    }
  }

  private void endNow() {
    socket.end();
    Runnable then = onEnded;
    onEnded = null;
    if (then != null) {
      then.run();
    }
  }

  private void overflow(long size) {
    IOException e =
        new IOException(
            "the link cannot carry what is sent: "
                + (heldBytes + size)
                + " bytes would wait to go out, over the limit of "
                + MAX_HELD_BYTES
                + " ("
                + link
                + ")");
    if (exceptionHandler != null) {
      exceptionHandler.handle(e);
    }
    close();
  }

  @Override
  public void end() {
    endThen(null);
  }

  /**
   * Ends after the held writes, as a socket would, and runs {@code then} (if not null) once the
   * socket itself has been ended: from then on only the peer's reading holds the close up.
   */
  void endThen(Runnable then) {
    onEnded = then;
    if (held == null || closed) {
      endNow();
    } else {
      ending = true;
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (timer >= 0) {
      context.owner().cancelTimer(timer);
      timer = -1;
    }
    if (held != null) {
      for (Held h : held) {
        h.written.tryFail("the connection closed before this write left");
      }
      held = null;
    }
    socket.close();
  }

  @Override
  public void handler(Handler<Buffer> handler) {
    socket.handler(handler);
  }

  @Override
  public void closeHandler(Handler<Void> handler) {
    socket.closeHandler(handler);
  }

  @Override
  public void exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    socket.exceptionHandler(handler);
  }

  @Override
  public String localAddress() {
    return socket.localAddress();
  }

  @Override
  public String remoteAddress() {
    return socket.remoteAddress();
  }

  @Override
  public byte[] plaintextPeerKey() {
    return socket.plaintextPeerKey();
  }
}
