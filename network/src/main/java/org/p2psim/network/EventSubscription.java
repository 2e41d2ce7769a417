package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A listener's subscription to a {@link Network}'s events ({@link Network#subscribe(Consumer)}).
 * The listener is called with one event at a time, in the network's order, on a thread of the
 * network's; it should be quick, since a listener that falls {@link NetworkConfig#eventQueue()}
 * events behind is ended.
 */
public final class EventSubscription implements Flow.Subscriber<Event>, AutoCloseable {
  private final Consumer<Event> listener;
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();

  EventSubscription(Consumer<Event> listener) {
    this.listener = requireNonNull(listener, "listener");
  }

  /**
   * Completes when the subscription ends: normally after {@link #close()} or the network's
   * shutdown; exceptionally when the listener threw or fell too far behind, with a message that
   * says how many events it missed.
   */
  public CompletionStage<Void> ended() {
    return ended;
  }

  /** Stops the events; the listener may still be running for the one in hand. */
  @Override
  public void close() {
    subscription.thenAccept(Flow.Subscription::cancel);
    ended.complete(null);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription.complete(s);
    if (ended.isDone()) {
      s.cancel();
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(Event event) {
    if (ended.isDone()) {
      return;
    }
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      ended.completeExceptionally(e);
      subscription.thenAccept(Flow.Subscription::cancel);
    }
  }

  @Override
  public void onError(Throwable error) {
    ended.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    ended.complete(null);
  }
}
