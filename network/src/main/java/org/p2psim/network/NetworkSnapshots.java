package org.p2psim.network;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
      return undo(net, made, e);
    }
    // Links before starts, so that each node starts under them and dials under them.
    if (snapshot.defaultLink() != null) {
      net.setDefaultLink(snapshot.defaultLink());
    }
    for (NetworkSnapshot.ConnSnapshot c : snapshot.conns()) {
      if (c.link() != null) {
        net.setLink(c.one(), c.other(), c.link());
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
    return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
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
              return net.connectAll(pairs)
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
                        new NetworkException(
                            Kind.FAILED,
                            "cannot load the snapshot: " + Network.message(err),
                            Network.unwrap(err))));
  }

  private static boolean up(Network net, NodeId id) {
    return net.node(id).map(NodeState::up).orElse(false);
  }

  /** Stops and removes the nodes a failed load made, then fails with {@code why}. */
  private static CompletableFuture<Void> undo(
      Network net, List<NodeId> made, NetworkException why) {
    return net.forget(made)
        .handle(
            (v, err) -> {
              throw why;
            });
  }
}
