package org.p2psim.rpc.internal;

import java.util.ArrayList;
import java.util.List;
import org.p2psim.api.RpcError;
import org.p2psim.api.spi.RpcSubscriber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one subscription. Until the response that carries its id has been sent, its
 * notifications wait (so a client never sees a notification for an id it does not know yet); after
 * that each goes straight to the session's transport, unless the send queue is at its limit, which
 * ends the subscription with a final error notification.
 */
final class Subscriber implements RpcSubscriber {
  private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

  private final Session session;
  private final String id;
  private final String prefix;

  // Guarded by this.
  private boolean active;
  private boolean discarded;
  private List<String> early = new ArrayList<>();
  private List<Runnable> onClose = new ArrayList<>();

  private volatile boolean closed;

  Subscriber(Session session, String id, String namespace) {
    this.session = session;
    this.id = id;
    this.prefix =
        "{\"jsonrpc\":\"2.0\",\"method\":\""
            + namespace
            + "_subscription\",\"params\":{\"subscription\":\""
            + id
            + "\",";
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(Object event) {
    if (closed) {
      return;
    }
    String json = event == null ? "null" : Json.scalar(event);
    if (json == null) {
      json = Json.write(event);
    }
    String message = prefix + "\"result\":" + json + "}}";
    synchronized (this) {
      if (closed) {
        return;
      }
      if (!active) {
        if (early.size() >= session.limit()) {
          drop(early.size());
        } else {
          early.add(message);
        }
        return;
      }
      int queued = session.queued();
      if (queued >= session.limit()) {
        drop(queued);
        return;
      }
      session.notify(message);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void onClose(Runnable handler) {
    synchronized (this) {
      if (!closed) {
        onClose.add(handler);
        return;
      }
    }
    handler.run();
  }

  /**
   * The response with the id is out: send what waited (including the final notice of a subscription
   * dropped meanwhile), and from now on send directly.
   */
  synchronized void activate() {
    if (active || discarded) {
      return;
    }
    active = true;
    if (early != null) {
      for (String m : early) {
        session.notify(m);
      }
      early = null;
    }
  }

  /**
   * The subscribe call failed: forget the subscription without a word to the client. What waits is
   * dropped by {@link #end}, under the same lock that closes it, so that a send from the service's
   * own thread in between finds the subscriber either open or closed.
   */
  void discard() {
    synchronized (this) {
      discarded = true;
    }
    end(null);
  }

  /**
   * Ends the subscription, sending {@code last} first when not null (after the waiting ones if not
   * yet active), then runs the close handlers on the server's executor. Idempotent.
   */
  void end(String last) {
    List<Runnable> handlers;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      session.remove(this);
      if (active) {
        if (last != null) {
          session.notify(last);
        }
      } else if (early != null) {
        if (last != null) {
          early.add(last);
        } else {
          early = null;
        }
      }
      handlers = onClose;
      onClose = List.of();
    }
    if (!handlers.isEmpty()) {
      session
          .dispatcher()
          .execute(
              () -> {
                for (Runnable r : handlers) {
                  try {
                    r.run();
                  } catch (RuntimeException e) {
                    log.error("onClose handler of subscription {} failed", id, e);
                  }
                }
              });
    }
  }

  private void drop(int queued) {
    log.debug("dropping subscription {}: {} messages queued", id, queued);
    end(
        prefix
            + "\"error\":{\"code\":"
            + RpcError.SUBSCRIPTION_DROPPED.code()
            + ",\"message\":\""
            + RpcError.SUBSCRIPTION_DROPPED.message()
            + ", "
            + queued
            + " messages queued\"}}}");
  }
}
