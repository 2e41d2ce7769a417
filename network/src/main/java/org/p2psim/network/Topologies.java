package org.p2psim.network;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.p2psim.api.NodeId;
import org.p2psim.network.NetworkException.Kind;

/**
 * The topologies of DESIGN §7 as lists of connections (dialler first), and how a {@link Network}
 * makes a list of them: a bounded number at a time, counting a connection already up as made.
 */
final class Topologies {
  /** How many connections a topology asks for at once. */
  static final int CONNECTS_IN_FLIGHT = 64;

  private Topologies() {}

  /** {@code ids[i] → ids[i+1]}. */
  static List<NodeId[]> chain(List<NodeId> ids) {
    List<NodeId[]> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < ids.size(); i++) {
      pairs.add(new NodeId[] {ids.get(i), ids.get(i + 1)});
    }
    return pairs;
  }

  /** A chain, and the last to the first when there are three or more. */
  static List<NodeId[]> ring(List<NodeId> ids) {
    List<NodeId[]> pairs = chain(ids);
    if (ids.size() >= 3) {
      pairs.add(new NodeId[] {ids.get(ids.size() - 1), ids.get(0)});
    }
    return pairs;
  }

  /** {@code center → id} for each other id. */
  static List<NodeId[]> star(NodeId center, List<NodeId> ids) {
    List<NodeId[]> pairs = new ArrayList<>();
    for (NodeId id : ids) {
      if (!id.equals(center)) {
        pairs.add(new NodeId[] {center, id});
      }
    }
    return pairs;
  }

  /** {@code ids[i] → ids[j]} for {@code i < j}. */
  static List<NodeId[]> full(List<NodeId> ids) {
    List<NodeId[]> pairs = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        pairs.add(new NodeId[] {ids.get(i), ids.get(j)});
      }
    }
    return pairs;
  }

  /** The last of {@code up} (the one before it, if that is {@code id}) {@code → id}. */
  static List<NodeId[]> toLast(List<NodeId> up, NodeId id) {
    if (up.size() < 2) {
      return List.of();
    }
    NodeId last = up.get(up.size() - 1);
    if (last.equals(id)) {
      last = up.get(up.size() - 2);
    }
    return List.<NodeId[]>of(new NodeId[] {last, id});
  }

  /**
   * Connects each pair through {@code net}, at most {@link #CONNECTS_IN_FLIGHT} at a time, each
   * next one launched from {@code executor} (not from the completing stage, so that a long chain is
   * not a deep stack); completes when all are up or fails naming those that are not.
   */
  static CompletionStage<Void> connectAll(Network net, List<NodeId[]> pairs, Executor executor) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (pairs.isEmpty()) {
      done.complete(null);
      return done;
    }
    Map<String, String> failed = new LinkedHashMap<>();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger left = new AtomicInteger(pairs.size());
    Runnable[] launch = new Runnable[1];
    launch[0] =
        () -> {
          int i = next.getAndIncrement();
          if (i >= pairs.size()) {
            return;
          }
          NodeId one = pairs.get(i)[0];
          NodeId other = pairs.get(i)[1];
          net.connect(one, other)
              .handle(
                  (v, err) -> {
                    if (err != null && !alreadyConnected(err)) {
                      synchronized (failed) {
                        failed.put(one.shortHex() + "-" + other.shortHex(), Network.message(err));
                      }
                    }
                    if (left.decrementAndGet() == 0) {
                      finish(done, failed, pairs.size());
                    } else {
                      executor.execute(launch[0]);
                    }
                    return null;
                  });
        };
    for (int i = 0; i < Math.min(CONNECTS_IN_FLIGHT, pairs.size()); i++) {
      launch[0].run();
    }
    return done;
  }

  private static void finish(CompletableFuture<Void> done, Map<String, String> failed, int all) {
    synchronized (failed) {
      if (failed.isEmpty()) {
        done.complete(null);
      } else {
        done.completeExceptionally(
            new NetworkException(
                Kind.FAILED, failed.size() + " of " + all + " connections failed: " + failed));
      }
    }
  }

  private static boolean alreadyConnected(Throwable err) {
    return Network.unwrap(err) instanceof NetworkException e
        && e.kind() == Kind.CONFLICT
        && e.getMessage().endsWith(" already connected");
  }
}
