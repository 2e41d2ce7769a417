package org.p2psim.network;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.p2psim.api.Link;
import org.p2psim.api.Node;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.Partition;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcConnection;
import org.p2psim.api.TypeRef;

/**
 * An adapter whose nodes live in this test: starting is instant, {@code admin_addPeer} connects two
 * up nodes at once and both report the peer, stopping drops the node's peers, and peer events go to
 * the network through the subscription it makes, as from a real node. Synchronous, so a test sees
 * each effect as soon as its call returns.
 */
final class FakeAdapter implements NodeAdapter {
  final Map<NodeId, FakeNode> nodes = new LinkedHashMap<>();

  /** Nodes with these names fail to start. */
  final Set<String> failStart = new java.util.HashSet<>();

  private int made;

  @Override
  public String name() {
    return "fake-adapter";
  }

  @Override
  public synchronized Node newNode(NodeConfig config) {
    if (config.services().isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one service");
    }
    NodeId id = config.id();
    if (id == null) {
      byte[] b = new byte[NodeId.LENGTH];
      Arrays.fill(b, (byte) 0xaa);
      ByteBuffer.wrap(b).putInt(++made); // ids sort in creation order
      id = NodeId.of(b);
    }
    FakeNode n = new FakeNode(config.toBuilder().id(id).build());
    nodes.put(id, n);
    return n;
  }

  FakeNode byAddr(String addr) {
    return nodes.values().stream().filter(n -> n.addr().equals(addr)).findFirst().orElseThrow();
  }

  final class FakeNode implements Node {
    final NodeConfig config;
    final Set<NodeId> peers = new LinkedHashSet<>();
    final List<String> calls = new ArrayList<>();
    final List<String> linkCalls = new ArrayList<>(); // what the network pushed, by name
    Partition partition = Partition.NONE;
    boolean up;
    Map<String, byte[]> state = Map.of(); // what it was started with, given back as its snapshot
    Consumer<PeerEvent> events;
    CompletableFuture<Void> eventsClosed;

    FakeNode(NodeConfig config) {
      this.config = config;
    }

    @Override
    public NodeId id() {
      return config.id();
    }

    @Override
    public NodeConfig config() {
      return config;
    }

    @Override
    public CompletionStage<Void> start(Map<String, byte[]> snapshots) {
      if (up) {
        return CompletableFuture.failedFuture(new IllegalStateException("already started"));
      }
      if (failStart.contains(config.name())) {
        return CompletableFuture.failedFuture(new IllegalStateException("boom"));
      }
      state = Map.copyOf(snapshots);
      up = true;
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> stop() {
      if (up) {
        up = false;
        for (NodeId p : List.copyOf(peers)) {
          unlink(this, nodes.get(p), "client quitting");
        }
        if (eventsClosed != null) {
          eventsClosed.complete(null);
        }
      }
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> setDefaultLink(Link link) {
      return pushed("default " + link);
    }

    @Override
    public CompletionStage<Void> setLink(NodeId peer, Link link) {
      return pushed("link " + nodes.get(peer).config.name() + " " + link);
    }

    /** Joins the partition: its peers across the cut drop, as a real node's do. */
    @Override
    public CompletionStage<Void> setPartition(Partition p) {
      CompletionStage<Void> done = pushed("partition " + p.groups().size());
      partition = p;
      for (NodeId peer : List.copyOf(peers)) {
        if (p.separates(id(), peer)) {
          unlink(this, nodes.get(peer), "network error: cut off by a partition");
        }
      }
      return done;
    }

    private CompletionStage<Void> pushed(String what) {
      if (!up) {
        return CompletableFuture.failedFuture(new IllegalStateException("not up"));
      }
      linkCalls.add(what);
      return CompletableFuture.completedFuture(null);
    }

    /** The node dies: its subscription breaks, as when a child process ends. */
    void crash() {
      up = false;
      eventsClosed.completeExceptionally(new IllegalStateException("connection closed"));
    }

    /** The node reports a message event, as with enable_msg_events. */
    void report(PeerEvent e) {
      events.accept(e);
    }

    @Override
    public boolean isUp() {
      return up;
    }

    @Override
    public RpcClient client() {
      if (!up) {
        throw new IllegalStateException("node " + config.name() + " is not up");
      }
      return new FakeClient(this);
    }

    @Override
    public void serveRpc(RpcConnection connection) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletionStage<Map<String, byte[]>> snapshots() {
      return up
          ? CompletableFuture.completedFuture(state)
          : CompletableFuture.failedFuture(new IllegalStateException("not up"));
    }

    @Override
    public NodeInfo nodeInfo() {
      return new NodeInfo(
          id().hex(),
          "fake/" + config.name(),
          up ? addr() : "enode://" + id().hex(),
          null,
          up ? "127.0.0.1" : null,
          null,
          null,
          Map.of());
    }

    @Override
    public String addr() {
      return "enode://" + id().hex() + "@127.0.0.1:1";
    }

    @Override
    public String toString() {
      return config.name();
    }
  }

  private int port = 40000;

  /** The dialler's end of each live connection, as a real one has an ephemeral port. */
  private final Map<String, String> ends = new java.util.HashMap<>();

  private static String pair(FakeNode a, FakeNode b) {
    return a.id().compareTo(b.id()) < 0 ? a.id() + "-" + b.id() : b.id() + "-" + a.id();
  }

  private synchronized void link(FakeNode a, FakeNode b) {
    if (a.peers.add(b.id())) {
      b.peers.add(a.id());
      String dialler = "127.0.0.1:" + ++port;
      String listener = "127.0.0.1:" + b.config.name();
      ends.put(pair(a, b), dialler + " " + listener);
      a.events.accept(PeerEvent.add(b.id(), dialler, listener));
      b.events.accept(PeerEvent.add(a.id(), listener, dialler));
    }
  }

  private synchronized void unlink(FakeNode a, FakeNode b, String why) {
    if (a.peers.remove(b.id())) {
      b.peers.remove(a.id());
      String[] e = ends.remove(pair(a, b)).split(" ");
      if (a.up) {
        a.events.accept(PeerEvent.drop(b.id(), why, e[0], e[1]));
      }
      if (b.up) {
        b.events.accept(PeerEvent.drop(a.id(), why, e[1], e[0]));
      }
    }
  }

  private final class FakeClient implements RpcClient {
    private final FakeNode node;

    FakeClient(FakeNode node) {
      this.node = node;
    }

    @Override
    public <T> CompletionStage<T> call(String method, Class<T> resultType, Object... params) {
      node.calls.add(method);
      FakeNode other = byAddr((String) params[0]);
      switch (method) {
        case "admin_addPeer" -> {
          if (other.up && !node.partition.separates(node.id(), other.id())) {
            link(node, other);
          }
        }
        case "admin_removePeer" -> unlink(node, other, "disconnect requested");
        default -> {
          return CompletableFuture.failedFuture(new IllegalArgumentException(method));
        }
      }
      return CompletableFuture.completedFuture(resultType.cast(Boolean.TRUE));
    }

    @Override
    public <T> CompletionStage<T> call(String method, TypeRef<T> resultType, Object... params) {
      throw new UnsupportedOperationException();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> CompletionStage<Subscription> subscribe(
        String namespace, Class<T> eventType, Consumer<T> onEvent, Object... params) {
      node.events = (Consumer<PeerEvent>) onEvent;
      node.eventsClosed = new CompletableFuture<>();
      CompletableFuture<Void> closed = node.eventsClosed;
      return CompletableFuture.completedFuture(
          new Subscription() {
            @Override
            public String id() {
              return "0x1";
            }

            @Override
            public CompletionStage<Void> unsubscribe() {
              closed.complete(null);
              return closed;
            }

            @Override
            public CompletionStage<Void> closed() {
              return closed;
            }
          });
    }

    @Override
    public void close() {}
  }
}
