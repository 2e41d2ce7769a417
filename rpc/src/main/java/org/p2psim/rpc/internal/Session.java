package org.p2psim.rpc.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client connection to the server, whatever carries it: its subscriptions and its send queue.
 *
 * <p>Flow control counts two things. {@code queued} is the messages handed to the transport and not
 * yet written out; a subscription that wants to send while it is at the limit is dropped. {@code
 * load} is {@code queued} plus the requests read and not yet answered; the transport stops reading
 * while it is at the limit ({@link #overLimit()}) and is woken ({@link Transport#wakeUp()}) when it
 * falls to half, so a client that sends without reading cannot grow the server's memory.
 */
public final class Session {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Dispatcher dispatcher;
  private final Transport transport;
  private final boolean subscriptions;
  private final int limit;
  private final int lowWater;
  private final AtomicInteger load = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final Map<String, Subscriber> subs = new ConcurrentHashMap<>();
  private final Consumer<String> reply = this::reply;
  private volatile boolean closed;

  Session(Dispatcher dispatcher, Transport transport, boolean subscriptions) {
    this.dispatcher = dispatcher;
    this.transport = transport;
    this.subscriptions = subscriptions;
    this.limit = dispatcher.sendQueueLimit();
    this.lowWater = limit / 2;
  }

  /** Handles one incoming message (a request, notification or batch), text. */
  public void onMessage(String message) {
    load.incrementAndGet();
    try {
      dispatcher.handle(this, message, reply);
    } catch (RuntimeException e) {
      reply(dispatcher.bug(e));
    }
  }

  /** Handles one incoming message (a request, notification or batch), UTF-8 bytes. */
  public void onMessage(byte[] message, int offset, int length) {
    load.incrementAndGet();
    try {
      dispatcher.handle(this, message, offset, length, reply);
    } catch (RuntimeException e) {
      reply(dispatcher.bug(e));
    }
  }

  /** Answers a message that was over the size limit (and not kept) with -32600. */
  public void tooLarge(long size) {
    load.incrementAndGet();
    reply(dispatcher.tooLarge(size));
  }

  /**
   * Handles one message and hands its response (or null when there is none) to {@code reply}
   * instead of the transport: for one-shot transports like an HTTP exchange.
   */
  public void exchange(byte[] message, Consumer<String> reply) {
    try {
      dispatcher.handle(this, message, 0, message.length, reply);
    } catch (RuntimeException e) {
      reply.accept(dispatcher.bug(e));
    }
  }

  /** Whether the transport should stop reading: too much is queued or in progress. */
  public boolean overLimit() {
    return load.get() >= limit;
  }

  /** Messages handed to the transport and not yet written. */
  public int queued() {
    return queued.get();
  }

  /** The transport wrote (or dropped) one message. */
  public void written() {
    queued.decrementAndGet();
    release();
  }

  /** The transport closed: ends every subscription. Idempotent. */
  public void closed() {
    if (closed) {
      return;
    }
    closed = true;
    dispatcher.forget(this);
    for (Subscriber s : List.copyOf(subs.values())) {
      s.end(null);
    }
  }

  /** Closes the connection from the server's side. */
  public void close() {
    transport.close();
  }

  public boolean isClosed() {
    return closed;
  }

  boolean supportsSubscriptions() {
    return subscriptions;
  }

  Dispatcher dispatcher() {
    return dispatcher;
  }

  int limit() {
    return limit;
  }

  /** A new, not yet active, subscription of this session. */
  Subscriber subscribe(String namespace) {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    Subscriber s = new Subscriber(this, "0x" + HexFormat.of().formatHex(b), namespace);
    subs.put(s.id(), s);
    if (closed) {
      s.end(null);
    }
    return s;
  }

  /** Ends subscription {@code id}; false when this session has none such. */
  boolean unsubscribe(String id) {
    Subscriber s = subs.get(id);
    if (s == null) {
      return false;
    }
    s.end(null);
    return true;
  }

  void remove(Subscriber s) {
    subs.remove(s.id(), s);
  }

  /** Sends a notification, counted in the queue. */
  void notify(String message) {
    load.incrementAndGet();
    queued.incrementAndGet();
    transport.write(message);
  }

  private void reply(String message) {
    if (message == null) {
      release();
    } else {
      queued.incrementAndGet(); // the request's unit of load moves to the queue
      transport.write(message);
    }
  }

  private void release() {
    if (load.decrementAndGet() == lowWater) {
      transport.wakeUp();
    }
  }
}
