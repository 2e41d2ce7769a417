package org.p2psim.testkit;

import java.util.ArrayList;
import java.util.List;
import org.p2psim.api.spi.RpcSubscriber;

/** The far end of one subscription: it keeps the events, and the test closes it. */
public final class FakeSubscriber implements RpcSubscriber {
  private final String id;
  private final List<Object> events = new ArrayList<>();
  private final List<Runnable> onClose = new ArrayList<>();
  private boolean closed;

  public FakeSubscriber(String id) {
    this.id = id;
  }

  /** The events sent so far. */
  public List<Object> events() {
    return List.copyOf(events);
  }

  /** Ends the subscription, as an unsubscribe or a closed connection does. */
  public void close() {
    if (!closed) {
      closed = true;
      onClose.forEach(Runnable::run);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void send(Object event) {
    if (!closed) {
      events.add(event);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void onClose(Runnable onClose) {
    if (closed) {
      onClose.run();
    } else {
      this.onClose.add(onClose);
    }
  }
}
