package org.p2psim.testkit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.Capability;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.spi.Peer;
import org.p2psim.api.spi.PeerHandler;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.ServiceFactory;

/**
 * Connects {@link FakeNode}s in memory. A connection runs every protocol the two nodes share (same
 * name and version), as a devp2p connection does; {@link Peer#send} queues the message on the
 * {@link FakeLoop}, and {@link FakeLoop#runPending()} hands it to the other side's {@link
 * PeerHandler}. A handler that throws gets the connection dropped with {@link
 * DisconnectReason#SUBPROTOCOL_ERROR}, as the node does.
 */
public final class FakeNetwork {
  private final FakeLoop loop;
  private final Path baseDir;
  private final List<FakeNode> nodes = new ArrayList<>();
  private final List<Conn> conns = new ArrayList<>();
  private final List<Delivery> deliveries = new ArrayList<>();
  private final List<Drop> drops = new ArrayList<>();

  /** A network on {@code loop} whose nodes are started by the test with {@link FakeNode#start}. */
  public FakeNetwork(FakeLoop loop) {
    this(loop, null);
  }

  /**
   * A network on {@code loop} that can also start nodes itself ({@link #start}), giving each
   * service a data directory under {@code baseDir}.
   */
  public FakeNetwork(FakeLoop loop, Path baseDir) {
    this.loop = requireNonNull(loop, "loop");
    this.baseDir = baseDir;
  }

  /** The loop this network's messages and timers run on. */
  public FakeLoop loop() {
    return loop;
  }

  /** Creates a node running {@code factory}'s service from {@code config} and starts it. */
  public FakeNode start(ServiceFactory factory, NodeConfig config) {
    return start(factory, config, null);
  }

  /**
   * Creates a node running {@code factory}'s service from {@code config}, handing it {@code
   * snapshot} (or none if null) as a node started from a snapshot does, and starts it. The network
   * keeps it, so that {@link #stopAll()} stops it.
   */
  public FakeNode start(ServiceFactory factory, NodeConfig config, byte[] snapshot) {
    if (baseDir == null) {
      throw new IllegalStateException(
          "this network has no base directory for its nodes' data: make it with"
              + " new FakeNetwork(loop, baseDir)");
    }
    for (FakeNode n : nodes) {
      if (n.up() && n.id().equals(config.id())) {
        throw new IllegalArgumentException("node " + config.id() + " already up");
      }
    }
    FakeNode node = FakeNode.start(loop, factory, config, snapshot, baseDir);
    nodes.add(node);
    return node;
  }

  /** The nodes this network started, in order. */
  public List<FakeNode> nodes() {
    return List.copyOf(nodes);
  }

  /** Stops every node this network started that is still up, in reverse order. */
  public void stopAll() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (nodes.get(i).up()) {
        stop(nodes.get(i));
      }
    }
  }

  /** A message handed to a handler. */
  public record Delivery(NodeId from, NodeId to, String protocol, int code, byte[] payload) {}

  /** A connection that ended: who ended it (null for the network), why, and the handler's error. */
  public record Drop(NodeId one, NodeId other, DisconnectReason reason, Throwable cause) {}

  /** Connects {@code one} (the dialler) to {@code other}. */
  public void connect(FakeNode one, FakeNode other) {
    if (one.id().equals(other.id())) {
      throw new IllegalArgumentException("refusing to connect to self");
    }
    if (connected(one, other)) {
      throw new IllegalArgumentException(one + " and " + other + " already connected");
    }
    Conn c = new Conn(one, other);
    conns.add(c);
    for (Protocol p : one.service().protocols()) {
      for (Protocol q : other.service().protocols()) {
        if (p.capability().equals(q.capability())) {
          c.atOne.put(p.name(), p.connect(new FakePeer(c, one, other, p)));
          c.atOther.put(q.name(), q.connect(new FakePeer(c, other, one, q)));
        }
      }
    }
  }

  /** Connects each node to the next. */
  public void chain(List<FakeNode> nodes) {
    for (int i = 0; i + 1 < nodes.size(); i++) {
      connect(nodes.get(i), nodes.get(i + 1));
    }
  }

  /** A chain, and the last node to the first. */
  public void ring(List<FakeNode> nodes) {
    chain(nodes);
    connect(nodes.get(nodes.size() - 1), nodes.get(0));
  }

  /** Connects every node to every other. */
  public void full(List<FakeNode> nodes) {
    for (int i = 0; i < nodes.size(); i++) {
      for (int j = i + 1; j < nodes.size(); j++) {
        connect(nodes.get(i), nodes.get(j));
      }
    }
  }

  /**
   * Queues a message from {@code from} to {@code to} as if {@code from}'s handler had sent it: how
   * a test plays a misbehaving peer.
   */
  public void inject(FakeNode from, FakeNode to, String protocol, int code, byte[] payload) {
    Conn c = find(from, to);
    if (c == null) {
      throw new IllegalArgumentException(from + " and " + to + " are not connected");
    }
    Protocol p = to.protocol(protocol);
    byte[] copy = payload.clone();
    loop.post(() -> c.deliver(from, to, p, code, copy));
  }

  /** Whether {@code a} and {@code b} are connected. */
  public boolean connected(FakeNode a, FakeNode b) {
    return find(a, b) != null;
  }

  /** Ends the connection between {@code a} and {@code b} with {@code disconnect requested}. */
  public void disconnect(FakeNode a, FakeNode b) {
    Conn c = find(a, b);
    if (c == null) {
      throw new IllegalArgumentException(
          "connection between " + a + " and " + b + " does not exist");
    }
    c.close(DisconnectReason.REQUESTED, null);
  }

  /**
   * Stops {@code node} as a node stops: its connections end ("client quitting"), then its service.
   */
  public void stop(FakeNode node) {
    for (Conn c : List.copyOf(conns)) {
      if (c.one == node || c.other == node) {
        c.close(DisconnectReason.QUITTING, null);
      }
    }
    node.stopService();
  }

  /** Every message handed to a handler so far, in order. */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  /** Every connection that ended so far, in order. */
  public List<Drop> drops() {
    return List.copyOf(drops);
  }

  private Conn find(FakeNode a, FakeNode b) {
    for (Conn c : conns) {
      if ((c.one == a && c.other == b) || (c.one == b && c.other == a)) {
        return c;
      }
    }
    return null;
  }

  /** One connection: the handlers at each end, by protocol name. */
  private final class Conn {
    final FakeNode one;
    final FakeNode other;
    final Map<String, PeerHandler> atOne = new LinkedHashMap<>();
    final Map<String, PeerHandler> atOther = new LinkedHashMap<>();
    boolean up = true;

    Conn(FakeNode one, FakeNode other) {
      this.one = one;
      this.other = other;
    }

    void deliver(FakeNode from, FakeNode to, Protocol protocol, int code, byte[] payload) {
      if (!up) {
        return; // lost with the connection
      }
      PeerHandler handler = (to == one ? atOne : atOther).get(protocol.name());
      deliveries.add(new Delivery(from.id(), to.id(), protocol.name(), code, payload));
      try {
        handler.onMessage(code, payload);
      } catch (RuntimeException e) {
        close(DisconnectReason.SUBPROTOCOL_ERROR, e);
      }
    }

    void close(DisconnectReason reason, Throwable cause) {
      if (!up) {
        return;
      }
      up = false;
      conns.remove(this);
      drops.add(new Drop(one.id(), other.id(), reason, cause));
      atOne.values().forEach(h -> h.onDisconnect(reason));
      atOther.values().forEach(h -> h.onDisconnect(reason));
    }
  }

  /** The remote node as one protocol at one end of a connection sees it. */
  private final class FakePeer implements Peer {
    private final Conn conn;
    private final FakeNode local;
    private final FakeNode remote;
    private final Protocol protocol;

    FakePeer(Conn conn, FakeNode local, FakeNode remote, Protocol protocol) {
      this.conn = conn;
      this.local = local;
      this.remote = remote;
      this.protocol = protocol;
    }

    @Override
    public NodeId id() {
      return remote.id();
    }

    @Override
    public byte[] publicKey() {
      byte[] key = new byte[64];
      byte[] id = remote.id().bytes();
      System.arraycopy(id, 0, key, 0, 32);
      System.arraycopy(id, 0, key, 32, 32);
      return key;
    }

    @Override
    public String clientId() {
      return "p2psim-fake/" + remote;
    }

    @Override
    public List<Capability> capabilities() {
      return remote.service().protocols().stream().map(Protocol::capability).toList();
    }

    @Override
    public boolean inbound() {
      return local == conn.other;
    }

    @Override
    public String remoteAddress() {
      return remote + ":30303";
    }

    @Override
    public String localAddress() {
      return local + ":30303";
    }

    @Override
    public CompletionStage<Void> send(int code, byte[] payload) {
      if (code < 0 || code >= protocol.length()) {
        return CompletableFuture.failedFuture(
            new IllegalArgumentException(
                "message code " + code + " is out of range for " + protocol));
      }
      if (!conn.up) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("peer " + remote + " is not connected"));
      }
      byte[] copy = payload.clone();
      loop.post(() -> conn.deliver(local, remote, protocol, code, copy));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void disconnect(DisconnectReason reason) {
      loop.post(() -> conn.close(reason, null));
    }

    @Override
    public String toString() {
      return local + "->" + remote + " " + protocol;
    }
  }
}
