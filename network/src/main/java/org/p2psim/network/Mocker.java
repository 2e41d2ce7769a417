package org.p2psim.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;

/**
 * Drives a network by itself until stopped, as go-ethereum's mockers do: it creates its nodes, then
 * changes the network as it likes (churn, restarts). {@link Mockers} runs them by name; a user adds
 * their own by registering one there.
 */
public interface Mocker {

  /** The name it is chosen by, e.g. {@code startStop}. */
  String name();

  /**
   * Runs until {@code ctx} says stop ({@link Context#sleep} returns false or the thread is
   * interrupted). Blocking code is fine: a mocker runs on its own thread.
   */
  void run(Context ctx) throws Exception;

  /** What a running mocker has to work with. */
  interface Context {
    /** The network it drives. */
    Network network();

    /** How many nodes it was asked for. */
    int nodeCount();

    /** Its random source, seeded so that a run can be repeated. */
    Random random();

    /** Waits {@code d}; false when the mocker was stopped meanwhile (then return). */
    boolean sleep(Duration d) throws InterruptedException;

    /** Whether the mocker was asked to stop. */
    boolean stopped();
  }

  /**
   * Creates {@code ctx.nodeCount()} fresh nodes, starts them and connects them in a ring, waiting
   * until every connection is up: how each of the reference's mockers begins.
   *
   * @return the new nodes' ids, in ring order
   */
  static List<NodeId> ringOfFreshNodes(Context ctx, Duration timeout) throws Exception {
    Network net = ctx.network();
    List<NodeId> ids = new ArrayList<>();
    for (int i = 0; i < ctx.nodeCount(); i++) {
      ids.add(net.create(NodeConfig.builder().build()).id());
    }
    for (NodeId id : ids) {
      await(net.start(id), timeout);
    }
    await(net.connectRing(ids), timeout);
    return ids;
  }

  /** Waits for {@code stage} at most {@code timeout}, failing with its own error. */
  static <T> T await(CompletionStage<T> stage, Duration timeout) throws Exception {
    try {
      return stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    } catch (TimeoutException e) {
      throw new NetworkException(
          NetworkException.Kind.FAILED, "no answer within " + Network.words(timeout), e);
    }
  }
}
