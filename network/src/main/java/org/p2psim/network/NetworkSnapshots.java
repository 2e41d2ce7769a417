package org.p2psim.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.p2psim.api.Link;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.network.NetworkException.Kind;
import org.p2psim.snapshot.NetworkSnapshot;

/**
 * How a {@link Network} saves itself and loads a snapshot ({@link Network#snapshot()}, {@link
 * Network#load}).
 */
final class NetworkSnapshots {
  private NetworkSnapshots() {}

  static CompletionStage<NetworkSnapshot> save(Network net) {
    List<Network.Saved> nodes = net.savedNodes();
    List<NetworkSnapshot.ConnSnapshot> conns =
        net.upConnsBetweenUpNodes().stream()
            .map(
                c ->
                    new NetworkSnapshot.ConnSnapshot(
                        c.one(), c.other(), true, net.ownLink(c.one(), c.other())))
            .toList();
    Link dflt = net.defaultLink();
    List<CompletableFuture<NetworkSnapshot.NodeSnapshot>> saved = new ArrayList<>();
    for (Network.Saved s : nodes) {
      if (!s.state().up()) {
        saved.add(
            CompletableFuture.completedFuture(
                NetworkSnapshot.NodeSnapshot.of(s.config(), false, null, Map.of())));
        continue;
      }
      saved.add(
          s.node()
              .snapshots()
              .toCompletableFuture()
              .handle(
                  (bytes, err) -> {
                    if (err != null) {
                      throw new NetworkException(
                          Kind.FAILED,
                          "cannot save node " + s.config().name() + ": " + Network.message(err),
                          Network.unwrap(err));
                    }
                    return NetworkSnapshot.NodeSnapshot.of(
                        s.config(), true, s.state().info(), bytes);
                  }));
    }
    return CompletableFuture.allOf(saved.toArray(CompletableFuture[]::new))
        .thenApply(
            v ->
                new NetworkSnapshot(
                    saved.stream().map(CompletableFuture::join).toList(),
                    conns,
                    dflt.isNone() ? null : dflt));
  }

  static CompletionStage<Void> load(Network net, NetworkSnapshot snapshot, Duration timeout) {
    List<NodeId> made = new ArrayList<>();
    try {
      List<String> clashes = new ArrayList<>();
      for (int i = 0; i < snapshot.nodes().size(); i++) {
        NodeConfig c = snapshot.nodes().get(i).node().config();
        if (c.id() != null && net.node(c.id()).isPresent()) {
          clashes.add("nodes[" + i + "]: node " + c.id().hex() + " already exists");
        }
        if (c.name() != null && net.hasName(c.name())) {
          clashes.add("nodes[" + i + "]: a node named \"" + c.name() + "\" already exists");
        }
      }
      if (!clashes.isEmpty()) {
        throw new NetworkException(
            Kind.CONFLICT, "cannot load the snapshot: " + String.join("; ", clashes));
      }
      for (int i = 0; i < snapshot.nodes().size(); i++) {
        try {
          made.add(net.create(snapshot.nodes().get(i).node().config()).id());
        } catch (NetworkException e) {
          throw new NetworkException(
              e.kind(), "cannot load the snapshot: nodes[" + i + "]: " + e.getMessage(), e);
        }
      }
    } catch (NetworkException e) {
      return undo(net, made, null, e);
    }
    // Links before starts, so that each node starts under them and dials under them. The
    // default reaches the nodes already here too, so a failed load puts theirs back.
    Link previousDefault = snapshot.defaultLink() != null ? net.defaultLink() : null;
    CompletableFuture<Void> defaultSet =
        previousDefault != null
            ? net.setDefaultLink(snapshot.defaultLink()).toCompletableFuture()
            : CompletableFuture.completedFuture(null);
    for (NetworkSnapshot.ConnSnapshot c : snapshot.conns()) {
      if (c.link() != null) {
        net.setLink(c.one(), c.other(), c.link()); // the pair's nodes are new: nothing to push
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (int i = 0; i < snapshot.nodes().size(); i++) {
      NetworkSnapshot.NodeSnapshot n = snapshot.nodes().get(i);
      if (n.node().up()) {
        String where = "nodes[" + i + "] (" + n.node().config().name() + ")";
        starts.add(
            net.start(made.get(i), n.stateBytes())
                .toCompletableFuture()
                .handle(
                    (v, err) -> {
                      if (err != null) {
                        throw new NetworkException(
                            Kind.FAILED, where + ": " + Network.message(err), Network.unwrap(err));
                      }
                      return null;
                    }));
      }
    }
    starts.add(defaultSet);
    return within(
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)),
            deadline,
            () ->
                "timed out after "
                    + Network.words(timeout)
                    + " waiting for the nodes to start: "
                    + stillStarting(net, snapshot, made))
        .thenCompose(
            v -> {
              List<NodeId[]> pairs = new ArrayList<>();
              List<List<NodeId>> wanted = new ArrayList<>();
              for (NetworkSnapshot.ConnSnapshot c : snapshot.conns()) {
                if (up(net, c.one()) && up(net, c.other())) {
                  pairs.add(new NodeId[] {c.one(), c.other()});
                  wanted.add(List.of(c.one(), c.other()));
                }
              }
              return within(
                      net.connectAll(pairs).toCompletableFuture(),
                      deadline,
                      () ->
                          "timed out after "
                              + Network.words(timeout)
                              + " waiting for the connections")
                  .thenCompose(
                      x ->
                          net.awaitConns(
                              wanted, Duration.ofNanos(Math.max(1, deadline - System.nanoTime()))));
            })
        .handle((v, err) -> err)
        .thenCompose(
            err ->
                err == null
                    ? CompletableFuture.<Void>completedFuture(null)
                    : undo(
                        net,
                        made,
                        previousDefault,
                        new NetworkException(
                            Kind.FAILED,
                            "cannot load the snapshot: " + Network.message(err),
                            Network.unwrap(err))));
  }

  private static boolean up(Network net, NodeId id) {
    return net.node(id).map(NodeState::up).orElse(false);
  }

  /** The up nodes of the snapshot that are not up yet, by name. */
  private static String stillStarting(Network net, NetworkSnapshot snapshot, List<NodeId> made) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < snapshot.nodes().size(); i++) {
      if (snapshot.nodes().get(i).node().up() && !up(net, made.get(i))) {
        names.add(snapshot.nodes().get(i).node().config().name());
      }
    }
    return String.join(", ", names);
  }

  /**
   * Stops and removes the nodes a failed load made and puts back the default link it replaced
   * (null: it did not), then fails with {@code why}.
   */
  private static CompletableFuture<Void> undo(
      Network net, List<NodeId> made, Link previousDefault, NetworkException why) {
    return net.forget(made)
        .handle((v, err) -> null)
        .thenCompose(
            v ->
                previousDefault == null
                    ? CompletableFuture.<Void>completedFuture(null)
                    : net.setDefaultLink(previousDefault)
                        .toCompletableFuture()
                        .handle((x, err) -> (Void) null))
        .thenCompose(v -> CompletableFuture.failedFuture(why));
  }

  /** {@code stage}, failing with {@code what} if it is not done by {@code deadline} (nanoTime). */
  private static CompletableFuture<Void> within(
      CompletableFuture<Void> stage, long deadline, Supplier<String> what) {
    return stage
        .orTimeout(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
        .exceptionally(
            err -> {
              if (Network.unwrap(err) instanceof TimeoutException) {
                throw new NetworkException(Kind.FAILED, what.get());
              }
              throw err instanceof CompletionException ce ? ce : new CompletionException(err);
            });
  }
}
