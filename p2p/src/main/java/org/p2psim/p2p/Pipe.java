package org.p2psim.p2p;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory duplex byte stream between two nodes of one JVM, in place of a TCP connection: two
 * {@link End}s, each bound to its node's event-loop context.
 *
 * <ul>
 *   <li><b>Threads and order.</b> A write on one end queues a copy of the bytes for the other end
 *       and schedules a drain on the other end's context, which hands them to its handler in the
 *       order written. Nothing blocks: a write returns at once.
 *   <li><b>Ownership.</b> A write copies the bytes out of the caller's {@link Buffer} into a fresh
 *       array before it returns, so the caller may reuse or release its buffer (Netty buffers are
 *       reference-counted); the receiver gets a buffer over that array, which no one else holds.
 *   <li><b>Back-pressure.</b> Each direction holds at most {@code maxQueuedBytes} written and not
 *       yet delivered. A write past that fails, and the writer's exception handler runs, which
 *       drops the connection: as go-ethereum drops a peer that does not read within its write
 *       timeout, a receiver that falls that far behind is cut off rather than let the pipe grow
 *       without bound. {@link InMemoryNetwork} sets the bound (32 MiB by default: two of the
 *       largest messages RLPx allows).
 *   <li><b>Closing.</b> {@link End#close()} and {@link End#end()} both deliver the bytes already
 *       written, then close: as a TCP FIN, the other end reads what was sent, then sees the close.
 *       Each end's close handler runs once, on its own context. Writes on a closed end fail, and
 *       bytes that reach an end already closed are dropped.
 * </ul>
 */
final class Pipe {
  private static final Object CLOSE = new Object();

  private final End a;
  private final End b;

  /**
   * A pipe whose end {@link #a()} runs on {@code aContext} at {@code aAddress}, and {@link #b()} on
   * {@code bContext}; {@code aKey}, {@code bKey} are each end's node key when RLPx runs without
   * encryption over it, else null.
   */
  Pipe(
      Context aContext,
      String aAddress,
      byte[] aKey,
      Context bContext,
      String bAddress,
      byte[] bKey,
      long maxQueuedBytes) {
    a = new End(aContext, aAddress, bAddress, bKey, maxQueuedBytes);
    b = new End(bContext, bAddress, aAddress, aKey, maxQueuedBytes);
    a.peer = b;
    b.peer = a;
  }

  /** The dialling end. */
  End a() {
    return a;
  }

  /** The accepting end. */
  End b() {
    return b;
  }

  /** One end of a pipe. Its handlers run on its context. */
  static final class End implements Duplex {
    private final Context context;
    private final String local;
    private final String remote;
    private final byte[] peerKey;
    private final long maxQueuedBytes;
    private End peer;

    // Written by the peer's thread, drained on this end's context.
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();

    // Set once, from any thread: no more writes from this end.
    private final AtomicBoolean closed = new AtomicBoolean();
    // Touched on this end's context only.
    private boolean closeHandled;
    private Handler<Buffer> handler;
    private Handler<Void> closeHandler;
    private Handler<Throwable> exceptionHandler;

    private End(Context context, String local, String remote, byte[] peerKey, long max) {
      this.context = context;
      this.local = local;
      this.remote = remote;
      this.peerKey = peerKey;
      this.maxQueuedBytes = max;
    }

    @Override
    public void handler(Handler<Buffer> handler) {
      this.handler = handler;
      scheduleDrain();
    }

    @Override
    public void closeHandler(Handler<Void> handler) {
      this.closeHandler = handler;
    }

    @Override
    public void exceptionHandler(Handler<Throwable> handler) {
      this.exceptionHandler = handler;
    }

    @Override
    public Future<Void> write(Buffer data) {
      if (closed.get()) {
        return Future.failedFuture(
            new IOException("pipe " + local + " -> " + remote + " is closed"));
      }
      byte[] bytes = data.getBytes();
      long queued = peer.queuedBytes.addAndGet(bytes.length);
      if (queued > maxQueuedBytes) {
        peer.queuedBytes.addAndGet(-bytes.length);
        IOException full =
            new IOException(
                "pipe "
                    + local
                    + " -> "
                    + remote
                    + " is full: "
                    + (queued - bytes.length)
                    + " bytes not yet read by the receiver, "
                    + bytes.length
                    + " more would pass the limit of "
                    + maxQueuedBytes);
        context.runOnContext(
            v -> {
              Handler<Throwable> h = exceptionHandler;
              if (h != null) {
                h.handle(full);
              }
            });
        return Future.failedFuture(full);
      }
      peer.inbox.add(bytes);
      peer.scheduleDrain();
      return Future.succeededFuture();
    }

    @Override
    public void end() {
      close();
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      peer.inbox.add(CLOSE);
      peer.scheduleDrain();
      context.runOnContext(v -> closed());
    }

    /** Bytes written to this end by its peer and not yet handed to its handler. */
    long queuedBytes() {
      return queuedBytes.get();
    }

    @Override
    public String localAddress() {
      return local;
    }

    @Override
    public String remoteAddress() {
      return remote;
    }

    @Override
    public byte[] plaintextPeerKey() {
      return peerKey == null ? null : peerKey.clone();
    }

    private void scheduleDrain() {
      if (drainScheduled.compareAndSet(false, true)) {
        context.runOnContext(v -> drain());
      }
    }

    /** Hands what arrived to the handler, in order; runs on this end's context. */
    private void drain() {
      drainScheduled.set(false);
      Object item;
      while ((item = inbox.peek()) != null) {
        if (item == CLOSE) {
          inbox.poll();
          closed.set(true);
          closed();
          continue;
        }
        byte[] bytes = (byte[]) item;
        if (!closed.get() && handler == null) {
          return; // kept until a handler is set
        }
        inbox.poll();
        queuedBytes.addAndGet(-bytes.length);
        if (!closed.get()) {
          handler.handle(Buffer.buffer(bytes));
        }
      }
    }

    /** Runs the close handler once; on this end's context. */
    private void closed() {
      if (closeHandled) {
        return;
      }
      closeHandled = true;
      Handler<Void> h = closeHandler;
      if (h != null) {
        h.handle(null);
      }
    }

    @Override
    public String toString() {
      return "pipe " + local + " -> " + remote;
    }
  }
}
