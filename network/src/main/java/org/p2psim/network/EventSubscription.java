package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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
  private long delivered; // the network's count of events published, as of the last one handled
  private final TreeMap<Long, List<CompletableFuture<Void>>> catchUps = new TreeMap<>();

  EventSubscription(Consumer<Event> listener) {
    this.listener = requireNonNull(listener, "listener");
  }

  /** Set by the network, under its lock, as it subscribes this: how many events came before. */
  void startAfter(long published) {
    delivered = published;
  }

  /**
   * Completes once the listener has handled every event up to the network's {@code published}-th
   * (see {@link Network#published()}), or once the subscription ends.
   */
  synchronized CompletionStage<Void> caughtUp(long published) {
    if (delivered >= published || ended.isDone()) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    catchUps.computeIfAbsent(published, k -> new ArrayList<>()).add(f);
    return f;
  }

  private void handled() {
    List<CompletableFuture<Void>> due = new ArrayList<>();
    synchronized (this) {
      delivered++;
      while (!catchUps.isEmpty() && catchUps.firstKey() <= delivered) {
        due.addAll(catchUps.pollFirstEntry().getValue());
      }
    }
    due.forEach(f -> f.complete(null));
  }

  private void releaseAll() {
    List<CompletableFuture<Void>> due = new ArrayList<>();
    synchronized (this) {
      catchUps.values().forEach(due::addAll);
      catchUps.clear();
    }
    due.forEach(f -> f.complete(null));
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
    releaseAll();
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
      releaseAll();
      return;
    }
    handled();
  }

  @Override
  public void onError(Throwable error) {
    ended.completeExceptionally(error);
    releaseAll();
  }

  @Override
  public void onComplete() {
    ended.complete(null);
    releaseAll();
  }
}
