package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.p2psim.api.NodeId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Step}s on a {@link Network}, as go-ethereum's {@code simulations.Simulation} does:
 * the step's action, then its check on each node its trigger names, until every expected node has
 * passed, a check fails, or the step's timeout runs out. The result has the pass time of each node
 * and every network event seen meanwhile; a timeout names the nodes that had not passed.
 *
 * <p>Checks run on the simulation's own threads, so a check may block (a blocking RPC call, say). A
 * node's check never runs twice at once: a trigger for a node whose check is running is remembered
 * and the check runs again when it is done.
 */
public final class Simulation {
  private static final Logger log = LoggerFactory.getLogger(Simulation.class);

  private final Network network;
  private final Clock clock;

  /**
   * Where actions' completions and checks run: never on the thread that completed a stage, which
   * may be an RPC client's event loop, so that a check may block (a blocking RPC call, say).
   */
  private static final ExecutorService CHECKS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "p2psim-step");
            t.setDaemon(true);
            return t;
          });

  /** Steps on {@code network}, timed with the system clock. */
  public Simulation(Network network) {
    this(network, Clock.systemUTC());
  }

  /** Steps on {@code network}, timed with {@code clock}. */
  public Simulation(Network network, Clock clock) {
    this.network = requireNonNull(network, "network");
    this.clock = requireNonNull(clock, "clock");
  }

  /** The network the steps act on. */
  public Network network() {
    return network;
  }

  /**
   * Runs {@code step}. The stage always completes normally, with a result whose {@link
   * StepResult#error()} says why the step failed, if it did.
   */
  public CompletionStage<StepResult> run(Step step) {
    return new Run(step).start();
  }

  /** One run of one step. */
  private final class Run {
    private final Step step;
    private final List<Event> events = new ArrayList<>();
    private final Map<NodeId, Instant> passes = new LinkedHashMap<>();
    private final Set<NodeId> expected;
    private final Set<NodeId> checking = new HashSet<>();
    private final Set<NodeId> again = new HashSet<>();
    private final CompletableFuture<StepResult> result = new CompletableFuture<>();
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "p2psim-step-timeout");
              t.setDaemon(true);
              return t;
            });
    private Instant startedAt;
    private EventSubscription watch;
    private AutoCloseable trigger;
    private boolean acting = true;

    Run(Step step) {
      this.step = requireNonNull(step, "step");
      this.expected = new LinkedHashSet<>(step.nodes());
    }

    CompletionStage<StepResult> start() {
      startedAt = clock.instant();
      watch = network.subscribe(this::seen);
      timer.schedule(
          () -> finish("step timed out after " + Network.words(step.timeout()) + ": " + pending()),
          step.timeout().toNanos(),
          TimeUnit.NANOSECONDS);
      try {
        trigger = step.trigger().start(network, List.copyOf(expected), this::fired);
      } catch (RuntimeException e) {
        finish("the trigger failed: " + e.getMessage());
        return result;
      }
      CompletionStage<?> acted;
      try {
        acted = requireNonNull(step.action().run(network), "the action's stage");
      } catch (Exception e) {
        acted = CompletableFuture.failedFuture(e);
      }
      acted.whenCompleteAsync(
          (v, err) -> {
            if (err != null) {
              finish("the action failed: " + Network.message(err));
              return;
            }
            synchronized (this) {
              acting = false;
              if (expected.isEmpty()) {
                finishLocked(null);
                return;
              }
            }
            // What the action did may already satisfy a node, and the events that showed it came
            // before checks began: each node is checked once now, then as the trigger says.
            expected.forEach(this::fired);
          },
          CHECKS);
      return result;
    }

    private synchronized void seen(Event e) {
      if (!result.isDone()) {
        events.add(e);
      }
    }

    private boolean ended; // guarded by this

    private void fired(NodeId id) {
      synchronized (this) {
        if (ended || acting || !expected.contains(id) || passes.containsKey(id)) {
          return;
        }
        if (!checking.add(id)) {
          again.add(id); // checked again when the running check ends
          return;
        }
      }
      CHECKS.execute(() -> check(id));
    }

    private void check(NodeId id) {
      CompletionStage<Boolean> verdict;
      try {
        verdict = requireNonNull(step.check().check(id), "the check's stage");
      } catch (Exception e) {
        verdict = CompletableFuture.failedFuture(e);
      }
      verdict.whenCompleteAsync(
          (pass, err) -> {
            boolean rerun;
            synchronized (this) {
              checking.remove(id);
              if (ended) {
                return;
              }
              if (err != null) {
                finishLocked("the check of " + name(id) + " failed: " + Network.message(err));
                return;
              }
              if (Boolean.TRUE.equals(pass)) {
                passes.put(id, clock.instant());
                if (passes.size() == expected.size()) {
                  finishLocked(null);
                }
                return;
              }
              rerun = again.remove(id);
              if (rerun) {
                checking.add(id);
              }
            }
            if (rerun) {
              check(id);
            }
          },
          CHECKS);
    }

    private synchronized void finish(String error) {
      finishLocked(error);
    }

    private void finishLocked(String error) {
      if (ended) {
        return;
      }
      ended = true;
      Instant finishedAt = clock.instant();
      Map<NodeId, Instant> passed = Map.copyOf(passes);
      timer.shutdownNow();
      if (trigger != null) {
        close(trigger);
      }
      // The result holds every event up to its end: wait for those still on their way to us.
      watch
          .caughtUp(network.published())
          .whenComplete(
              (v, err) -> {
                List<Event> seen;
                synchronized (this) {
                  seen = List.copyOf(events);
                }
                watch.close();
                result.complete(new StepResult(error, startedAt, finishedAt, passed, seen));
              });
    }

    private void close(AutoCloseable t) {
      try {
        t.close();
      } catch (Exception e) {
        log.debug("closing a step's trigger failed", e);
      }
    }

    /** Under the lock: which nodes have not passed. */
    private String pending() {
      synchronized (this) {
        if (acting) {
          return "the action had not finished";
        }
        List<String> names = new ArrayList<>();
        for (NodeId id : expected) {
          if (!passes.containsKey(id)) {
            names.add(name(id));
          }
        }
        return names.size()
            + " of "
            + expected.size()
            + " nodes had not passed: "
            + String.join(", ", names.size() > 20 ? names.subList(0, 20) : names)
            + (names.size() > 20 ? " and " + (names.size() - 20) + " more" : "");
      }
    }

    private String name(NodeId id) {
      return network.node(id).map(n -> n.config().name()).orElse(id.shortHex());
    }
  }
}
