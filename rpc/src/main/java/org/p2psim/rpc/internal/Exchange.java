package org.p2psim.rpc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One incoming message's reply: the single text that answers it (a batch's answers joined in
 * request order), and the subscriptions it created, which start sending once that text is out so
 * that a client never sees an event for an id it does not know yet.
 */
final class Exchange {
  private final Consumer<String> reply;
  private List<Subscriber> created;

  Exchange(Consumer<String> reply) {
    this.reply = reply;
  }

  synchronized void created(Subscriber s) {
    if (created == null) {
      created = new ArrayList<>(1);
    }
    created.add(s);
  }

  /** Sends the reply (null for none), then activates the subscriptions. */
  void finish(String text) {
    reply.accept(text);
    List<Subscriber> subs;
    synchronized (this) {
      subs = created;
    }
    if (subs != null) {
      for (Subscriber s : subs) {
        s.activate();
      }
    }
  }

  /** The answers of a batch of {@code n}, joined in request order once all are in. */
  Batch batch(int n) {
    return new Batch(n);
  }

  final class Batch {
    private final String[] answers;
    private final AtomicInteger remaining;

    private Batch(int n) {
      this.answers = new String[n];
      this.remaining = new AtomicInteger(n);
    }

    /** The answer (or null for a notification) to request {@code index}. */
    void done(int index, String text) {
      answers[index] = text;
      if (remaining.decrementAndGet() != 0) {
        return;
      }
      StringBuilder b = new StringBuilder().append('[');
      for (String a : answers) {
        if (a != null) {
          if (b.length() > 1) {
            b.append(',');
          }
          b.append(a);
        }
      }
      finish(b.length() == 1 ? null : b.append(']').toString());
    }
  }
}
