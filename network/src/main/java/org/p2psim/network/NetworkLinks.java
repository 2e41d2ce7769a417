package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.p2psim.api.Link;
import org.p2psim.api.Node;
import org.p2psim.api.NodeId;
import org.p2psim.api.Partition;
import org.p2psim.network.NetworkException.Kind;

/**
 * A {@link Network}'s link conditions and partition: what it keeps of them, and how it gives them
 * to the nodes, which shape what they send and refuse whom they cannot reach. Its state is guarded
 * by the network's lock, as the network's own is. Its methods are {@link Network}'s link methods,
 * which say what they do.
 */
final class NetworkLinks {
  private final Network net;

  // Guarded by net.
  private Link defaultLink = Link.NONE;
  // Each pair's own link under both its nodes, so that a starting node finds its own at once.
  private final Map<NodeId, Map<NodeId, Link>> ownLinks = new HashMap<>();
  private Partition partition = Partition.NONE;
  private final Map<Network.ConnKey, Network.Conn> cutConns =
      new LinkedHashMap<>(); // remade on heal
  private long version; // bumped by every change, so that a starting node misses none

  NetworkLinks(Network net) {
    this.net = net;
  }

  /** Under the lock: whether the partition separates {@code a} and {@code b}. */
  boolean separates(NodeId a, NodeId b) {
    return partition.separates(a, b);
  }

  /** Under the lock: forgets what concerns a node the network removed. */
  void forget(NodeId id) {
    Map<NodeId, Link> mine = ownLinks.remove(id);
    if (mine != null) {
      mine.keySet().forEach(peer -> drop(peer, id));
    }
    cutConns.keySet().removeIf(k -> k.a().equals(id) || k.b().equals(id));
  }

  /** Under the lock: back to no conditions and no partition, for a reset network. */
  void clear() {
    ownLinks.clear();
    cutConns.clear();
    defaultLink = Link.NONE;
    partition = Partition.NONE;
    version++;
  }

  CompletionStage<Void> connect(NodeId one, NodeId other, Link link) {
    requireNonNull(link, "link");
    synchronized (net) {
      Network.Conn conn = net.connMap().get(Network.ConnKey.of(one, other));
      if (conn != null && conn.up) {
        return CompletableFuture.failedFuture(Network.alreadyConnected(one, other));
      }
    }
    return setLink(one, other, link).thenCompose(v -> net.connect(one, other));
  }

  CompletionStage<Void> setLink(NodeId a, NodeId b, Link link) {
    Network.Member ma;
    Network.Member mb;
    synchronized (net) {
      try {
        net.requireOpen();
        if (a.equals(b)) {
          throw new NetworkException(Kind.BAD_INPUT, "no link from node " + a.hex() + " to itself");
        }
        ma = net.member(a);
        mb = net.member(b);
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (link == null) {
        drop(a, b);
        drop(b, a);
      } else {
        ownLinks.computeIfAbsent(a, k -> new HashMap<>()).put(b, link);
        ownLinks.computeIfAbsent(b, k -> new HashMap<>()).put(a, link);
      }
      version++;
    }
    List<CompletableFuture<Void>> pushes = new ArrayList<>();
    for (Network.Member[] ends :
        List.of(new Network.Member[] {ma, mb}, new Network.Member[] {mb, ma})) {
      if (ends[0].up) {
        pushes.add(push(ends[0], "set its link", n -> n.setLink(ends[1].id(), link)));
      }
    }
    return CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new));
  }

  /** Under the lock: forgets the link {@code a} holds for {@code b}. */
  private void drop(NodeId a, NodeId b) {
    Map<NodeId, Link> of = ownLinks.get(a);
    if (of != null && of.remove(b) != null && of.isEmpty()) {
      ownLinks.remove(a);
    }
  }

  Link link(NodeId a, NodeId b) {
    synchronized (net) {
      Link own = ownLink(a, b);
      return own != null ? own : defaultLink;
    }
  }

  /** The pair's own link, or null when it has the default. */
  Link ownLink(NodeId a, NodeId b) {
    synchronized (net) {
      return ownLinks.getOrDefault(a, Map.of()).get(b);
    }
  }

  Map<List<NodeId>, Link> pairLinks() {
    synchronized (net) {
      Map<List<NodeId>, Link> out = new LinkedHashMap<>();
      ownLinks.forEach(
          (a, links) ->
              links.forEach(
                  (b, link) -> {
                    if (a.compareTo(b) < 0) {
                      out.put(List.of(a, b), link);
                    }
                  }));
      return out;
    }
  }

  CompletionStage<Void> setDefaultLink(Link link) {
    requireNonNull(link, "link");
    List<Network.Member> up;
    synchronized (net) {
      try {
        net.requireOpen();
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      defaultLink = link;
      version++;
      up = net.memberList().stream().filter(m -> m.up).toList();
    }
    return CompletableFuture.allOf(
        up.stream()
            .map(m -> push(m, "set the default link", n -> n.setDefaultLink(link)))
            .toArray(CompletableFuture[]::new));
  }

  Link defaultLink() {
    synchronized (net) {
      return defaultLink;
    }
  }

  CompletionStage<Void> partition(List<? extends Collection<NodeId>> groups) {
    Partition p;
    List<Network.Member> up;
    List<Network.Conn> across = new ArrayList<>();
    synchronized (net) {
      try {
        net.requireOpen();
        try {
          p = Partition.of(groups);
        } catch (IllegalArgumentException e) {
          throw new NetworkException(Kind.BAD_INPUT, e.getMessage(), e);
        }
        for (Collection<NodeId> group : p.groups()) {
          group.forEach(net::member);
        }
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      partition = p;
      version++;
      for (Map.Entry<Network.ConnKey, Network.Conn> e : net.connMap().entrySet()) {
        Network.Conn c = e.getValue();
        if (c.up && p.separates(c.one, c.other)) {
          across.add(c);
          cutConns.put(e.getKey(), c);
        }
      }
      up = net.memberList().stream().filter(m -> m.up).toList();
    }
    CompletableFuture<Void> pushed =
        CompletableFuture.allOf(
            up.stream()
                .map(m -> push(m, "join the partition", n -> n.setPartition(p)))
                .toArray(CompletableFuture[]::new));
    return pushed
        .thenCompose(
            v ->
                CompletableFuture.allOf(
                    across.stream()
                        .map(c -> net.awaitConnState(c.one, c.other, false))
                        .toArray(CompletableFuture[]::new)))
        .thenCompose(v -> remakeHealed());
  }

  Partition partition() {
    synchronized (net) {
      return partition;
    }
  }

  /** Connects again what a partition cut and the current one no longer separates. */
  private CompletionStage<Void> remakeHealed() {
    List<NodeId[]> pairs = new ArrayList<>();
    synchronized (net) {
      for (var it = cutConns.values().iterator(); it.hasNext(); ) {
        Network.Conn c = it.next();
        if (!partition.separates(c.one, c.other)) {
          it.remove();
          Network.Member one = net.memberOrNull(c.one);
          Network.Member other = net.memberOrNull(c.other);
          if (one != null && other != null && one.up && other.up && !c.up) {
            pairs.add(new NodeId[] {c.one, c.other});
          }
        }
      }
    }
    return net.connectAll(pairs);
  }

  /**
   * Gives a node that just started the network's links and partition: the default, its pairs' own
   * links, the partition; again if they changed meanwhile. Nothing when there is nothing to give,
   * so that starting thousands of plain nodes costs no call.
   */
  CompletionStage<Void> applyTo(Network.Member m) {
    return applyTo(m, Link.NONE, Map.of(), Partition.NONE); // a node starts with none of them
  }

  /**
   * One round of {@link #applyTo(Network.Member)}: pushes what differs from what the node holds
   * ({@code held*}, from the round before), clearing what is gone, such as a partition healed or a
   * link removed while the node started; then another round if anything changed meanwhile.
   */
  private CompletionStage<Void> applyTo(
      Network.Member m, Link heldDefault, Map<NodeId, Link> heldOwn, Partition heldPartition) {
    long seen;
    Link dflt;
    Map<NodeId, Link> own;
    Partition p;
    synchronized (net) {
      seen = version;
      dflt = defaultLink;
      p = partition;
      own = Map.copyOf(ownLinks.getOrDefault(m.id(), Map.of()));
    }
    List<CompletableFuture<Void>> pushes = new ArrayList<>();
    if (!dflt.equals(heldDefault)) {
      pushes.add(push(m, "set the default link", n -> n.setDefaultLink(dflt)));
    }
    own.forEach(
        (peer, l) -> {
          if (!l.equals(heldOwn.get(peer))) {
            pushes.add(push(m, "set its link", n -> n.setLink(peer, l)));
          }
        });
    heldOwn.keySet().stream()
        .filter(peer -> !own.containsKey(peer))
        .forEach(peer -> pushes.add(push(m, "clear its link", n -> n.setLink(peer, null))));
    if (!p.equals(heldPartition)) {
      pushes.add(push(m, "join the partition", n -> n.setPartition(p)));
    }
    return CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new))
        .thenCompose(
            v -> {
              synchronized (net) {
                if (version == seen) {
                  return CompletableFuture.completedFuture(null);
                }
              }
              return applyTo(m, dflt, own, p);
            });
  }

  /** Runs {@code op} on a node, turning its failure into one that names the node and the step. */
  private static CompletableFuture<Void> push(
      Network.Member m, String what, Function<Node, CompletionStage<Void>> op) {
    CompletionStage<Void> stage;
    try {
      stage = op.apply(m.node);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    return stage
        .toCompletableFuture()
        .handle(
            (v, err) -> {
              if (err != null) {
                throw new NetworkException(
                    Kind.FAILED,
                    "node " + m.config.name() + " could not " + what + ": " + Network.message(err),
                    Network.unwrap(err));
              }
              return null;
            });
  }
}
