package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.p2psim.api.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mockers by name: the reference's three ({@code boot}, {@code startStop}, {@code probabilistic})
 * and any a user registers.
 *
 * <ul>
 *   <li>{@code boot}: a ring of fresh nodes, then nothing more.
 *   <li>{@code startStop}: a ring, then every 10 s a random one of its nodes is stopped for 3 s.
 *   <li>{@code probabilistic}: a ring, then again and again a random range of its nodes is stopped
 *       one by one, each restarted after the same random 1–6 s wait.
 * </ul>
 */
public final class Mockers {
  private static final Logger log = LoggerFactory.getLogger(Mockers.class);

  /** How long a mocker waits for one action (a start, a ring) before it gives up. */
  static final Duration ACTION_TIMEOUT = Duration.ofSeconds(60);

  private final Map<String, Mocker> byName = new TreeMap<>();

  /** A registry with no mockers. */
  public Mockers() {}

  /** A registry with the reference's three, at the reference's timings. */
  public static Mockers defaults() {
    Mockers m = new Mockers();
    builtIns().forEach(m::register);
    return m;
  }

  /** The reference's three mockers, at the reference's timings. */
  public static List<Mocker> builtIns() {
    return List.of(
        boot(),
        startStop(Duration.ofSeconds(10), Duration.ofSeconds(3)),
        probabilistic(Duration.ofSeconds(1), Duration.ofSeconds(6)));
  }

  /**
   * Adds a mocker.
   *
   * @throws IllegalArgumentException when one of that name is already registered, naming both
   */
  public synchronized Mockers register(Mocker mocker) {
    requireNonNull(mocker, "mocker");
    Mocker old = byName.putIfAbsent(mocker.name(), mocker);
    if (old != null) {
      throw new IllegalArgumentException(
          "two mockers named \""
              + mocker.name()
              + "\": "
              + old.getClass().getName()
              + " and "
              + mocker.getClass().getName());
    }
    return this;
  }

  /** The names, sorted. */
  public synchronized List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The mocker called {@code name}.
   *
   * @throws NetworkException {@code BAD_INPUT}, listing the known names
   */
  public synchronized Mocker get(String name) {
    Mocker m = byName.get(name);
    if (m == null) {
      throw new NetworkException(
          NetworkException.Kind.BAD_INPUT,
          "unknown mocker \"" + name + "\": known mockers are " + String.join(", ", names()));
    }
    return m;
  }

  /**
   * Starts the mocker called {@code name} on its own thread.
   *
   * @param nodeCount how many nodes it makes, at least 1
   * @param seed the seed of its random source
   */
  public Running start(String name, Network network, int nodeCount, long seed) {
    Mocker mocker = get(name);
    requireNonNull(network, "network");
    if (nodeCount < 1) {
      throw new NetworkException(
          NetworkException.Kind.BAD_INPUT,
          "bad node-count " + nodeCount + ": a mocker needs at least 1 node");
    }
    return new Running(mocker, network, nodeCount, new Random(seed));
  }

  /** A mocker at work. */
  public static final class Running implements Mocker.Context {
    private final Mocker mocker;
    private final Network network;
    private final int nodeCount;
    private final Random random;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final Thread thread;

    Running(Mocker mocker, Network network, int nodeCount, Random random) {
      this.mocker = mocker;
      this.network = network;
      this.nodeCount = nodeCount;
      this.random = random;
      this.thread = new Thread(this::body, "p2psim-mocker-" + mocker.name());
      thread.setDaemon(true);
      thread.start();
    }

    private void body() {
      try {
        mocker.run(this);
        done.complete(null);
      } catch (InterruptedException e) {
        done.complete(null); // stopped
      } catch (Exception e) {
        if (stopped()) {
          done.complete(null); // an action cut short by the stop
        } else {
          log.warn("mocker {} failed: {}", mocker.name(), Network.message(e));
          done.completeExceptionally(e);
        }
      }
    }

    /** The mocker's name. */
    public String name() {
      return mocker.name();
    }

    /** Completes when the mocker has returned; fails with its error if it failed. */
    public CompletionStage<Void> done() {
      return done;
    }

    /**
     * Asks the mocker to stop and waits at most {@code timeout} for it to return; nodes it stopped
     * for a while may stay down.
     *
     * @return whether it returned in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
      stop.countDown();
      thread.interrupt();
      thread.join(Math.max(1, timeout.toMillis()));
      return !thread.isAlive();
    }

    @Override
    public Network network() {
      return network;
    }

    @Override
    public int nodeCount() {
      return nodeCount;
    }

    @Override
    public Random random() {
      return random;
    }

    @Override
    public boolean sleep(Duration d) throws InterruptedException {
      return !stop.await(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean stopped() {
      return stop.getCount() == 0;
    }
  }

  /** {@code boot}: a ring of fresh nodes. */
  public static Mocker boot() {
    return named("boot", ctx -> Mocker.ringOfFreshNodes(ctx, ACTION_TIMEOUT));
  }

  /**
   * {@code startStop}: a ring, then every {@code interval} one random node down for {@code down}.
   * The ticks keep their pace, as a Go ticker's do: a restart that runs past a tick makes the next
   * stop come at once, and the ticks missed meanwhile are dropped.
   */
  public static Mocker startStop(Duration interval, Duration down) {
    return named(
        "startStop",
        ctx -> {
          List<NodeId> nodes = Mocker.ringOfFreshNodes(ctx, ACTION_TIMEOUT);
          Network net = ctx.network();
          long period = interval.toNanos();
          long tick = System.nanoTime() + period;
          while (ctx.sleep(Duration.ofNanos(Math.max(0, tick - System.nanoTime())))) {
            NodeId id = nodes.get(ctx.random().nextInt(nodes.size()));
            log.debug("startStop: stopping {}", id.shortHex());
            Mocker.await(net.stop(id), ACTION_TIMEOUT);
            if (!ctx.sleep(down)) {
              return;
            }
            Mocker.await(net.start(id), ACTION_TIMEOUT);
            long now = System.nanoTime();
            tick += period;
            while (tick + period <= now) {
              tick += period; // at most one tick overdue, as a Go ticker holds one
            }
          }
        });
  }

  /**
   * {@code probabilistic}: a ring, then in rounds: a random wait between {@code minWait} and {@code
   * maxWait}, and a random range of the ring's nodes, each stopped after that wait and restarted
   * that long after; a round ends when its nodes are all back.
   */
  public static Mocker probabilistic(Duration minWait, Duration maxWait) {
    return named(
        "probabilistic",
        ctx -> {
          List<NodeId> nodes = Mocker.ringOfFreshNodes(ctx, ACTION_TIMEOUT);
          Network net = ctx.network();
          long spread = Math.max(1, maxWait.toMillis() - minWait.toMillis());
          while (!ctx.stopped()) {
            Duration wait = minWait.plusMillis(ctx.random().nextInt((int) spread));
            int a = ctx.random().nextInt(Math.max(1, nodes.size() - 1));
            int b = ctx.random().nextInt(Math.max(1, nodes.size() - 1));
            int low = Math.min(a, b);
            int high = Math.max(a, b);
            if (low == high && !ctx.sleep(wait)) {
              return; // an empty range: the reference's round just passes
            }
            List<CompletableFuture<Void>> restarts = new ArrayList<>();
            for (int i = low; i < high; i++) {
              if (!ctx.sleep(wait)) {
                return;
              }
              NodeId id = nodes.get(i);
              Mocker.await(net.stop(id), ACTION_TIMEOUT);
              CompletableFuture<Void> back = new CompletableFuture<>();
              restarts.add(back);
              CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS)
                  .execute(
                      () -> {
                        if (ctx.stopped()) {
                          back.complete(null);
                          return;
                        }
                        net.start(id)
                            .whenComplete(
                                (v, err) -> {
                                  if (err != null) {
                                    back.completeExceptionally(err);
                                  } else {
                                    back.complete(null);
                                  }
                                });
                      });
            }
            Mocker.await(
                CompletableFuture.allOf(restarts.toArray(CompletableFuture[]::new)),
                ACTION_TIMEOUT.plus(wait));
          }
        });
  }

  /** A mocker from a name and a body. */
  public static Mocker named(String name, Body body) {
    requireNonNull(name, "name");
    requireNonNull(body, "body");
    return new Mocker() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run(Context ctx) throws Exception {
        body.run(ctx);
      }

      @Override
      public String toString() {
        return "mocker " + name;
      }
    };
  }

  /** A mocker's body, for {@link #named}. */
  @FunctionalInterface
  public interface Body {
    /** Runs as {@link Mocker#run} does. */
    void run(Mocker.Context ctx) throws Exception;
  }
}
