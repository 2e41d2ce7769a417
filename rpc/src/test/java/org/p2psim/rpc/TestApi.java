package org.p2psim.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.p2psim.api.RpcException;
import org.p2psim.api.spi.RpcSubscriber;

/** The API the tests serve as namespace {@code test}. */
public class TestApi {
  /** A record parameter and result. */
  public record Person(String name, int age) {}

  /** An enum parameter. */
  public enum Color {
    RED,
    GREEN
  }

  final AtomicInteger touched = new AtomicInteger();
  final List<String> threads = new CopyOnWriteArrayList<>();
  final List<RpcSubscriber> subscribers = new CopyOnWriteArrayList<>();
  final AtomicInteger closedSubscriptions = new AtomicInteger();
  final AtomicInteger calls = new AtomicInteger();
  volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

  public String echo(String s) {
    threads.add(Thread.currentThread().getName());
    return s;
  }

  public int add(int a, int b) {
    return a + b;
  }

  public int inc(int a) {
    calls.incrementAndGet();
    return a + 1;
  }

  public long sum(List<Integer> xs) {
    return xs.stream().mapToLong(Integer::longValue).sum();
  }

  public Map<String, Integer> ages(List<Person> people) {
    Map<String, Integer> m = new TreeMap<>();
    for (Person p : people) {
      m.put(p.name(), p.age());
    }
    return m;
  }

  public Person older(Person p, int years) {
    return new Person(p.name(), p.age() + years);
  }

  public List<String> flatten(Map<String, List<Integer>> m) {
    List<String> out = new ArrayList<>();
    new TreeMap<>(m).forEach((k, v) -> v.forEach(i -> out.add(k + i)));
    return out;
  }

  public String orNone(Optional<String> s) {
    return s.orElse("none");
  }

  public Optional<String> maybe(boolean present) {
    return present ? Optional.of("here") : Optional.empty();
  }

  public String pair(String a, String b) {
    return a + "," + b;
  }

  public String pairOrNone(String a, Optional<String> b) {
    return a + "," + b.orElse("none");
  }

  public String noneOrPair(Optional<String> a, String b) {
    return a.orElse("none") + "," + b;
  }

  public CompletionStage<Integer> later(int x) {
    Executor delayed = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(() -> x * 2, delayed);
  }

  public CompletionStage<Integer> laterFail(String message) {
    Executor delayed = CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS);
    return CompletableFuture.supplyAsync(
        () -> {
          throw new IllegalStateException(message);
        },
        delayed);
  }

  /** Answers when the test completes {@link #gate}. */
  public CompletionStage<String> gated() {
    return gate.thenApply(v -> "open");
  }

  public void noop() {}

  public void touch() {
    touched.incrementAndGet();
  }

  public void fail(String message) {
    throw new IllegalStateException(message);
  }

  public void npe() {
    Object o = null;
    o.hashCode();
  }

  public void custom(int code, String message) {
    throw new RpcException(code, message);
  }

  public byte[] bytes(byte[] b) {
    return b;
  }

  public Color color(Color c) {
    return c;
  }

  public Object any(Object o) {
    return o;
  }

  public String big(int size) {
    calls.incrementAndGet();
    return "x".repeat(size);
  }

  public void sleep(int ms) throws InterruptedException {
    Thread.sleep(ms);
  }

  /** Sends 0..n-1 at once, before its id has gone out: they must wait for it. */
  public void ticks(RpcSubscriber s, int n) {
    s.onClose(closedSubscriptions::incrementAndGet);
    for (int i = 0; i < n; i++) {
      s.send(i);
    }
  }

  /** Keeps the subscriber for the test to drive. */
  public void manual(RpcSubscriber s) {
    s.onClose(closedSubscriptions::incrementAndGet);
    subscribers.add(s);
  }

  /** Sends events of {@code size} characters as fast as it can until the subscription ends. */
  public void flood(RpcSubscriber s, int size) {
    s.onClose(closedSubscriptions::incrementAndGet);
    subscribers.add(s);
    String pad = "f".repeat(size);
    Thread t =
        new Thread(
            () -> {
              long i = 0;
              while (!s.isClosed() && i < 5_000_000) {
                s.send(Map.of("n", i++, "pad", pad));
              }
            },
            "flood");
    t.setDaemon(true);
    t.start();
  }

  public void broken(RpcSubscriber s) {
    throw new IllegalStateException("no events today");
  }
}
