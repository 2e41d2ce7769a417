package org.p2psim.network;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.p2psim.api.Link;
import org.p2psim.api.Node;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.Partition;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.RpcClient;
import org.p2psim.network.NetworkException.Kind;
import org.p2psim.network.internal.EventBus;
import org.p2psim.network.internal.GoTime;
import org.p2psim.snapshot.NetworkSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated network of nodes run by one {@link NodeAdapter}: go-ethereum's {@code
 * simulations.Network}, for any adapter. It creates, starts and stops nodes, connects them with
 * {@code admin_addPeer}, and keeps a model of which nodes and connections are up that changes only
 * through what the nodes report (their {@code admin_subscribe("peerEvents")} streams), never by
 * assumption. Every change is an {@link Event}, delivered to subscribers in one order.
 *
 * <p>All methods are thread-safe. Actions on nodes are asynchronous: they return a stage that
 * completes when the network has seen the effect (a node up, a connection up), or fails with a
 * {@link NetworkException} whose message uses go-ethereum's wording and whose {@link
 * NetworkException#kind()} says whose fault it was.
 *
 * <pre>{@code
 * try (Network net = new Network(adapter, NetworkConfig.DEFAULT.withDefaultService("pingpong"))) {
 *   List<NodeId> ids = new ArrayList<>();
 *   for (int i = 0; i < 12; i++) {
 *     ids.add(net.create(NodeConfig.builder().build()).id());
 *   }
 *   net.startAll().toCompletableFuture().join();
 *   net.connectRing(ids).toCompletableFuture().join(); // every conn up
 * }
 * }</pre>
 */
public final class Network implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Network.class);

  private final NodeAdapter adapter;
  private final NetworkConfig config;
  private final Clock clock;
  private final ExecutorService delivery;
  private final ScheduledExecutorService timer;
  private final EventBus<Event> bus;

  // Guarded by this. Insertion order is the order the reference's lists have.
  private final Map<NodeId, Member> members = new LinkedHashMap<>();
  private final Map<String, NodeId> names = new HashMap<>();
  private final Map<ConnKey, Conn> connections = new LinkedHashMap<>();
  // Link conditions and the partition, pushed to nodes as they change and as they start.
  private Link defaultLink = Link.NONE;
  private final Map<ConnKey, Link> pairLinks = new HashMap<>();
  private Partition partition = Partition.NONE;
  private final Map<ConnKey, Conn> cutConns = new LinkedHashMap<>(); // remade when healed
  private long linkVersion; // bumped by every change, so that a starting node misses none

  private final Waiters waiters;
  private boolean closed;
  private long published;

  /** A network on {@code adapter} with these settings and the system clock. */
  public Network(NodeAdapter adapter, NetworkConfig config) {
    this(adapter, config, Clock.systemUTC());
  }

  /** A network on {@code adapter} with these settings, stamping events with {@code clock}. */
  public Network(NodeAdapter adapter, NetworkConfig config, Clock clock) {
    this.adapter = requireNonNull(adapter, "adapter");
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    AtomicInteger n = new AtomicInteger();
    this.delivery =
        Executors.newCachedThreadPool(
            r -> daemon(r, "p2psim-network-events-" + n.incrementAndGet()));
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "p2psim-network-timer"));
    this.bus = new EventBus<>(delivery, config.eventQueue(), e -> GoTime.format(e.time()));
    this.waiters = new Waiters(this, timer, delivery);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** The settings. */
  public NetworkConfig config() {
    return config;
  }

  /** The adapter that runs the nodes. */
  public NodeAdapter adapter() {
    return adapter;
  }

  // --- nodes -----------------------------------------------------------------------------------

  /**
   * Creates a node, not started. A missing key is generated by the adapter; a missing name becomes
   * {@code node01}, {@code node02}, … (the first free one); a config without services runs the
   * network's default service.
   *
   * @return the new node's state (a control node event says the same)
   * @throws NetworkException {@code BAD_INPUT} for a config the adapter refuses, {@code CONFLICT}
   *     for an id or name that is taken: {@code node with id <id> already exists}, {@code node with
   *     name "<name>" already exists}
   */
  public NodeState create(NodeConfig nodeConfig) {
    requireNonNull(nodeConfig, "nodeConfig");
    synchronized (this) {
      requireOpen();
      if (nodeConfig.id() != null && members.containsKey(nodeConfig.id())) {
        throw new NetworkException(
            Kind.CONFLICT, "node with id " + nodeConfig.id().hex() + " already exists");
      }
      if (nodeConfig.name() != null && names.containsKey(nodeConfig.name())) {
        throw new NetworkException(
            Kind.CONFLICT, "node with name \"" + nodeConfig.name() + "\" already exists");
      }
      NodeConfig.Builder b = nodeConfig.toBuilder();
      if (nodeConfig.name() == null) {
        b.name(freeName());
      }
      if (nodeConfig.services().isEmpty() && config.defaultService() != null) {
        b.services(config.defaultService());
      }
      NodeConfig full = b.build();
      Node node;
      try {
        node = adapter.newNode(full);
      } catch (IllegalArgumentException e) {
        throw new NetworkException(Kind.BAD_INPUT, e.getMessage(), e);
      }
      if (members.containsKey(node.id())) {
        throw new NetworkException(
            Kind.CONFLICT, "node with id " + node.id().hex() + " already exists");
      }
      Member m = new Member(node, node.config());
      members.put(node.id(), m);
      names.put(m.config.name(), node.id());
      NodeState state = m.state();
      publish(Event.of(clock.instant(), true, state));
      return state;
    }
  }

  private String freeName() {
    for (int i = members.size() + 1; ; i++) {
      String name = String.format("node%02d", i);
      if (!names.containsKey(name)) {
        return name;
      }
    }
  }

  /** Starts a node with no service state. */
  public CompletionStage<Void> start(NodeId id) {
    return start(id, Map.of());
  }

  /**
   * Starts a node, handing each service the bytes saved for it. Completes when the node is up and
   * the network is watching its peer events; a live node event says so.
   *
   * @return fails with {@code node <id> does not exist}, {@code node <id> already up}, or the
   *     adapter's reason
   */
  public CompletionStage<Void> start(NodeId id, Map<String, byte[]> snapshots) {
    requireNonNull(snapshots, "snapshots");
    Member m;
    synchronized (this) {
      try {
        requireOpen();
        m = member(id);
        if (m.up || m.starting) {
          throw new NetworkException(Kind.CONFLICT, "node " + id.hex() + " already up");
        }
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      m.starting = true;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    m.node
        .start(snapshots)
        .thenCompose(v -> watch(m))
        .thenCompose(sub -> applyLinks(m).thenApply(v -> sub))
        .whenComplete(
            (sub, err) -> {
              if (err != null) {
                synchronized (this) {
                  m.starting = false;
                }
                if (m.node.isUp()) {
                  m.node.stop(); // started, but its events cannot be watched: not half up
                }
                done.completeExceptionally(
                    new NetworkException(
                        Kind.FAILED,
                        "node " + id.hex() + " did not start: " + message(err),
                        unwrap(err)));
                return;
              }
              synchronized (this) {
                m.starting = false;
                m.up = true;
                m.info = m.node.nodeInfo();
                m.events = sub;
                publish(Event.of(clock.instant(), false, m.state()));
                waiters.settle();
              }
              done.complete(null);
            });
    return done;
  }

  /**
   * Subscribes to a started node's peer events; its end, unless asked for, means the node is down.
   */
  private CompletionStage<RpcClient.Subscription> watch(Member m) {
    return m.node
        .client()
        .subscribe("admin", PeerEvent.class, e -> onPeerEvent(m.id(), e), "peerEvents")
        .thenApply(
            sub -> {
              sub.closed().whenComplete((v, err) -> onEventsEnded(m, sub, err));
              return sub;
            });
  }

  /**
   * Stops a node. Completes when it is down; a control node event says so. Its connections go down
   * as its peers report the drops.
   *
   * @return fails with {@code node <id> does not exist}, {@code node <id> already down}, or the
   *     adapter's reason (the node is then still up)
   */
  public CompletionStage<Void> stop(NodeId id) {
    Member m;
    synchronized (this) {
      try {
        m = member(id);
        if (!m.up) {
          throw new NetworkException(Kind.CONFLICT, "node " + id.hex() + " already down");
        }
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      m.up = false;
      m.stopping = true;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    m.node
        .stop()
        .whenComplete(
            (v, err) -> {
              synchronized (this) {
                m.stopping = false;
                if (err != null) {
                  m.up = m.node.isUp();
                } else {
                  m.events = null;
                  m.info = null;
                  publish(Event.of(clock.instant(), true, m.state()));
                  waiters.settle();
                }
              }
              if (err != null) {
                done.completeExceptionally(
                    new NetworkException(
                        Kind.FAILED,
                        "node " + id.hex() + " did not stop: " + message(err),
                        unwrap(err)));
              } else {
                done.complete(null);
              }
            });
    return done;
  }

  /**
   * Starts every node that is down; completes when all are up, or fails naming those that did not.
   */
  public CompletionStage<Void> startAll() {
    List<NodeId> down;
    synchronized (this) {
      down = members.values().stream().filter(m -> !m.up && !m.starting).map(Member::id).toList();
    }
    return all(down, "did not start", this::start);
  }

  /**
   * Stops every node that is up; completes when all are down, or fails naming those that did not.
   */
  public CompletionStage<Void> stopAll() {
    List<NodeId> up;
    synchronized (this) {
      up = members.values().stream().filter(m -> m.up).map(Member::id).toList();
    }
    return all(up, "did not stop", this::stop);
  }

  // --- lookups ---------------------------------------------------------------------------------

  /** Every node, in the order they were created. */
  public synchronized List<NodeState> nodes() {
    return members.values().stream().map(Member::state).toList();
  }

  /** The node with this id. */
  public synchronized Optional<NodeState> node(NodeId id) {
    Member m = members.get(id);
    return m == null ? Optional.empty() : Optional.of(m.state());
  }

  /** The node with this name, or with this id (64 hex characters, {@code 0x} allowed). */
  public synchronized Optional<NodeState> node(String nameOrId) {
    requireNonNull(nameOrId, "nameOrId");
    NodeId byName = names.get(nameOrId);
    if (byName != null) {
      return node(byName);
    }
    try {
      return node(NodeId.parse(nameOrId));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The nodes that carry this property tag (or {@code key=value} entry), in creation order. */
  public synchronized List<NodeState> nodesWithProperty(String property) {
    requireNonNull(property, "property");
    return members.values().stream()
        .filter(m -> m.config.properties().contains(property))
        .map(Member::state)
        .toList();
  }

  /** The ids of the nodes that are up, in creation order. */
  public synchronized List<NodeId> upNodes() {
    return members.values().stream().filter(m -> m.up).map(Member::id).toList();
  }

  /** A random up node other than those excluded, picked with {@code random}. */
  public synchronized Optional<NodeId> randomUpNode(Random random, NodeId... excluded) {
    return pick(random, true, List.of(excluded));
  }

  /** A random down node other than those excluded, picked with {@code random}. */
  public synchronized Optional<NodeId> randomDownNode(Random random, NodeId... excluded) {
    return pick(random, false, List.of(excluded));
  }

  private Optional<NodeId> pick(Random random, boolean up, List<NodeId> excluded) {
    List<NodeId> ids =
        members.values().stream()
            .filter(m -> m.up == up && !m.starting && !m.stopping && !excluded.contains(m.id()))
            .map(Member::id)
            .toList();
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(random.nextInt(ids.size())));
  }

  /**
   * The adapter's node, for its RPC client and the rest of the {@link Node} API.
   *
   * @throws NetworkException {@code node <id> does not exist}
   */
  public synchronized Node adapterNode(NodeId id) {
    return member(id).node;
  }

  // --- conns -----------------------------------------------------------------------------------

  /** Every connection the network has seen, up or down, in the order first seen. */
  public synchronized List<ConnState> conns() {
    return connections.values().stream().map(Conn::state).toList();
  }

  /** The connection between {@code a} and {@code b}, whichever dialled. */
  public synchronized Optional<ConnState> conn(NodeId a, NodeId b) {
    Conn l = connections.get(ConnKey.of(a, b));
    return l == null ? Optional.empty() : Optional.of(l.state());
  }

  /** How many up connections {@code id} has. */
  public synchronized int peerCount(NodeId id) {
    Member m = members.get(id);
    return m == null ? 0 : m.peers;
  }

  /**
   * Connects {@code one} to {@code other}: {@code admin_addPeer} on {@code one}, after a control
   * conn event. Completes when the nodes report the connection up, within the network's connect
   * timeout.
   *
   * @return fails with {@code refusing to connect to self <id>}, {@code node <id> does not exist},
   *     {@code <one> and <other> already connected}, {@code nodes not up: one <id> is not up},
   *     {@code cannot connect <one> to <other>: a partition separates them}, the node's RPC error,
   *     or a timeout that says the connection did not come up
   */
  public CompletionStage<Void> connect(NodeId one, NodeId other) {
    Conn conn;
    Member dialler;
    Member dialled;
    synchronized (this) {
      try {
        requireOpen();
        if (one.equals(other)) {
          throw new NetworkException(Kind.BAD_INPUT, "refusing to connect to self " + one.hex());
        }
        dialler = member(one);
        dialled = member(other);
        conn = connections.get(ConnKey.of(one, other));
        if (conn != null && conn.up) {
          throw new NetworkException(
              Kind.CONFLICT, one.hex() + " and " + other.hex() + " already connected");
        }
        if (!dialler.up) {
          throw new NetworkException(
              Kind.CONFLICT, "nodes not up: one " + one.hex() + " is not up");
        }
        if (!dialled.up) {
          throw new NetworkException(
              Kind.CONFLICT, "nodes not up: other " + other.hex() + " is not up");
        }
        if (partition.separates(one, other)) {
          // The dial would fail in the node; say why now rather than after the connect timeout.
          throw new NetworkException(
              Kind.CONFLICT,
              "cannot connect "
                  + one.hex()
                  + " to "
                  + other.hex()
                  + ": a partition separates them");
        }
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (conn == null) {
        conn = new Conn(one, other);
        connections.put(ConnKey.of(one, other), conn);
      }
      publish(Event.of(clock.instant(), true, conn.state()));
    }
    CompletableFuture<Void> up = awaitConnState(one, other, true);
    String addr;
    try {
      addr = dialled.node.addr();
    } catch (RuntimeException e) {
      return waiters.fail(
          up, Kind.FAILED, "cannot connect to " + other.hex() + ": " + e.getMessage());
    }
    dialler
        .node
        .client()
        .call("admin_addPeer", Boolean.class, addr)
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                waiters.fail(
                    up, Kind.FAILED, "admin_addPeer on " + one.hex() + " failed: " + message(err));
              }
            });
    return up;
  }

  /**
   * Disconnects {@code one} from {@code other}: {@code admin_removePeer} on {@code one}, after a
   * control conn event. Completes when the nodes report the connection down.
   *
   * @return fails with {@code connection between <a> and <b> does not exist}, {@code <a> and <b>
   *     already disconnected}, the node's RPC error, or a timeout
   */
  public CompletionStage<Void> disconnect(NodeId one, NodeId other) {
    Conn conn;
    Member self;
    Member peer;
    synchronized (this) {
      try {
        requireOpen();
        self = member(one);
        peer = member(other);
        conn = connections.get(ConnKey.of(one, other));
        if (conn == null) {
          throw new NetworkException(
              Kind.NOT_FOUND,
              "connection between " + one.hex() + " and " + other.hex() + " does not exist");
        }
        if (!conn.up) {
          throw new NetworkException(
              Kind.CONFLICT, one.hex() + " and " + other.hex() + " already disconnected");
        }
        if (!self.up) {
          throw new NetworkException(
              Kind.CONFLICT, "nodes not up: one " + one.hex() + " is not up");
        }
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      publish(Event.of(clock.instant(), true, conn.state()));
    }
    CompletableFuture<Void> down = awaitConnState(one, other, false);
    self.node
        .client()
        .call("admin_removePeer", Boolean.class, peer.node.addr())
        .whenComplete(
            (ok, err) -> {
              if (err != null) {
                waiters.fail(
                    down,
                    Kind.FAILED,
                    "admin_removePeer on " + one.hex() + " failed: " + message(err));
              }
            });
    return down;
  }

  // --- link conditions and partitions ----------------------------------------------------------

  /**
   * Connects {@code one} to {@code other} as {@link #connect(NodeId, NodeId)} does, with {@code
   * link} set on both ends first ({@link #setLink}), so the handshake already runs under it.
   */
  public CompletionStage<Void> connect(NodeId one, NodeId other, Link link) {
    requireNonNull(link, "link");
    synchronized (this) {
      Conn conn = connections.get(ConnKey.of(one, other));
      if (conn != null && conn.up) {
        return CompletableFuture.failedFuture(
            new NetworkException(
                Kind.CONFLICT, one.hex() + " and " + other.hex() + " already connected"));
      }
    }
    return setLink(one, other, link).thenCompose(v -> connect(one, other));
  }

  /**
   * Sets the conditions of the link between {@code a} and {@code b}, both ways: each end shapes
   * what it sends to the other. It holds for a live connection at once and for connections to come,
   * across restarts; a null link goes back to the {@linkplain #setDefaultLink default}.
   *
   * @return completes when the up ends have it; fails with {@code node <id> does not exist}
   */
  public CompletionStage<Void> setLink(NodeId a, NodeId b, Link link) {
    Member ma;
    Member mb;
    synchronized (this) {
      try {
        requireOpen();
        if (a.equals(b)) {
          throw new NetworkException(Kind.BAD_INPUT, "no link from node " + a.hex() + " to itself");
        }
        ma = member(a);
        mb = member(b);
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (link == null) {
        pairLinks.remove(ConnKey.of(a, b));
      } else {
        pairLinks.put(ConnKey.of(a, b), link);
      }
      linkVersion++;
    }
    List<CompletableFuture<Void>> pushes = new ArrayList<>();
    for (Member[] ends : List.of(new Member[] {ma, mb}, new Member[] {mb, ma})) {
      if (ends[0].up) {
        pushes.add(push(ends[0], "set its link", n -> n.setLink(ends[1].id(), link)));
      }
    }
    return CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new));
  }

  /** The conditions of the link between {@code a} and {@code b}: its own, or the default. */
  public synchronized Link link(NodeId a, NodeId b) {
    return pairLinks.getOrDefault(ConnKey.of(a, b), defaultLink);
  }

  /** The links set for single pairs of nodes, by pair (in id order). */
  public synchronized Map<List<NodeId>, Link> pairLinks() {
    Map<List<NodeId>, Link> out = new LinkedHashMap<>();
    pairLinks.forEach((k, v) -> out.put(List.of(k.a(), k.b()), v));
    return out;
  }

  /**
   * Sets the conditions of every link that has none of its own ({@link #setLink}), on every node,
   * up now or started later.
   *
   * @return completes when every up node has it
   */
  public CompletionStage<Void> setDefaultLink(Link link) {
    requireNonNull(link, "link");
    List<Member> up;
    synchronized (this) {
      try {
        requireOpen();
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      defaultLink = link;
      linkVersion++;
      up = members.values().stream().filter(m -> m.up).toList();
    }
    return CompletableFuture.allOf(
        up.stream()
            .map(m -> push(m, "set the default link", n -> n.setDefaultLink(link)))
            .toArray(CompletableFuture[]::new));
  }

  /** The conditions of links that have none of their own. */
  public synchronized Link defaultLink() {
    return defaultLink;
  }

  /**
   * Cuts the network into groups that cannot reach each other; nodes in no group form one more
   * group, the rest. Connections across the cut drop (each end reports it) and dials across it
   * fail, until {@link #heal()} or another partition; nodes started meanwhile are in it too.
   * Connections an earlier partition cut that this one does not are made again.
   *
   * @return completes when every up node is in the partition and every connection across it is
   *     down; fails with {@code node <id> does not exist} or for a node in two groups
   */
  public CompletionStage<Void> partition(List<? extends Collection<NodeId>> groups) {
    Partition p;
    List<Member> up;
    List<Conn> across = new ArrayList<>();
    synchronized (this) {
      try {
        requireOpen();
        try {
          p = Partition.of(groups);
        } catch (IllegalArgumentException e) {
          throw new NetworkException(Kind.BAD_INPUT, e.getMessage(), e);
        }
        for (Collection<NodeId> group : p.groups()) {
          group.forEach(this::member);
        }
      } catch (NetworkException e) {
        return CompletableFuture.failedFuture(e);
      }
      partition = p;
      linkVersion++;
      for (Map.Entry<ConnKey, Conn> e : connections.entrySet()) {
        Conn c = e.getValue();
        if (c.up && p.separates(c.one, c.other)) {
          across.add(c);
          cutConns.put(e.getKey(), c);
        }
      }
      up = members.values().stream().filter(m -> m.up).toList();
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
                        .map(c -> awaitConnState(c.one, c.other, false))
                        .toArray(CompletableFuture[]::new)))
        .thenCompose(v -> remakeHealed());
  }

  /**
   * Heals the partition: every node reaches every other again, and the connections the partition
   * cut are made again (those whose nodes are both up).
   *
   * @return completes when they are up
   */
  public CompletionStage<Void> heal() {
    return partition(List.of());
  }

  /** The partition the network is in; {@link Partition#NONE} when whole. */
  public synchronized Partition partition() {
    return partition;
  }

  /** Connects again what a partition cut and the current one no longer separates. */
  private CompletionStage<Void> remakeHealed() {
    List<NodeId[]> pairs = new ArrayList<>();
    synchronized (this) {
      for (var it = cutConns.values().iterator(); it.hasNext(); ) {
        Conn c = it.next();
        if (!partition.separates(c.one, c.other)) {
          it.remove();
          Member one = members.get(c.one);
          Member other = members.get(c.other);
          if (one != null && other != null && one.up && other.up && !c.up) {
            pairs.add(new NodeId[] {c.one, c.other});
          }
        }
      }
    }
    return connectAll(pairs);
  }

  /**
   * Gives a node that just started the network's links and partition: the default, its pairs' own
   * links, the partition; again if they changed meanwhile. Nothing when there is nothing to give,
   * so that starting thousands of plain nodes costs no call.
   */
  private CompletionStage<Void> applyLinks(Member m) {
    long version;
    Link dflt;
    Map<NodeId, Link> own = new HashMap<>();
    Partition p;
    synchronized (this) {
      version = linkVersion;
      dflt = defaultLink;
      p = partition;
      pairLinks.forEach(
          (k, v) -> {
            if (k.a().equals(m.id())) {
              own.put(k.b(), v);
            } else if (k.b().equals(m.id())) {
              own.put(k.a(), v);
            }
          });
    }
    List<CompletableFuture<Void>> pushes = new ArrayList<>();
    if (!dflt.isNone()) {
      pushes.add(push(m, "set the default link", n -> n.setDefaultLink(dflt)));
    }
    own.forEach((peer, l) -> pushes.add(push(m, "set its link", n -> n.setLink(peer, l))));
    if (!p.isNone()) {
      pushes.add(push(m, "join the partition", n -> n.setPartition(p)));
    }
    return CompletableFuture.allOf(pushes.toArray(CompletableFuture[]::new))
        .thenCompose(
            v -> {
              synchronized (this) {
                if (linkVersion == version) {
                  return CompletableFuture.completedFuture(null);
                }
              }
              return applyLinks(m);
            });
  }

  /** Runs {@code op} on a node, turning its failure into one that names the node and the step. */
  private static CompletableFuture<Void> push(
      Member m, String what, Function<Node, CompletionStage<Void>> op) {
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
                    "node " + m.config.name() + " could not " + what + ": " + message(err),
                    unwrap(err));
              }
              return null;
            });
  }

  // --- topologies ------------------------------------------------------------------------------

  /**
   * Connects each node to the next: {@code ids[i] → ids[i+1]}. With no ids, all up nodes in the
   * order they were created. A connection already up counts as made.
   *
   * @return completes when every connection is up; fails naming those that did not come up
   */
  public CompletionStage<Void> connectChain(List<NodeId> ids) {
    return connectAll(Topologies.chain(orUp(ids)));
  }

  /** A chain, and the last node to the first when there are three or more. */
  public CompletionStage<Void> connectRing(List<NodeId> ids) {
    return connectAll(Topologies.ring(orUp(ids)));
  }

  /** Connects {@code center} to each other node: {@code center → id}. */
  public CompletionStage<Void> connectStar(NodeId center, List<NodeId> ids) {
    return connectAll(Topologies.star(requireNonNull(center, "center"), orUp(ids)));
  }

  /** Connects every node to every other: {@code ids[i] → ids[j]} for {@code i < j}. */
  public CompletionStage<Void> connectFull(List<NodeId> ids) {
    return connectAll(Topologies.full(orUp(ids)));
  }

  /**
   * Connects the last up node (the one before it, if that is {@code id}) to {@code id}; does
   * nothing with fewer than two up nodes.
   */
  public CompletionStage<Void> connectToLast(NodeId id) {
    return connectAll(Topologies.toLast(upNodes(), id));
  }

  /**
   * Connects a random other up node, picked with {@code random}, to {@code id}; does nothing when
   * there is none. Seed {@code random} to repeat a run (the reference's could not be seeded).
   */
  public CompletionStage<Void> connectToRandom(NodeId id, Random random) {
    Optional<NodeId> other = randomUpNode(random, id);
    return connectAll(
        other.isEmpty() ? List.of() : List.<NodeId[]>of(new NodeId[] {other.get(), id}));
  }

  private List<NodeId> orUp(List<NodeId> ids) {
    return ids == null || ids.isEmpty() ? upNodes() : List.copyOf(ids);
  }

  /** Connects each pair (dialler first), a bounded number at a time; see {@link Topologies}. */
  CompletionStage<Void> connectAll(List<NodeId[]> pairs) {
    return Topologies.connectAll(this, pairs, delivery);
  }

  // --- waiting ---------------------------------------------------------------------------------

  /**
   * Completes when the connection between {@code a} and {@code b} is up, or fails after {@code
   * timeout} saying it is not.
   */
  public CompletionStage<Void> awaitConn(NodeId a, NodeId b, Duration timeout) {
    return awaitConns(List.of(List.of(a, b)), timeout);
  }

  /**
   * Completes when every listed connection (pairs of ids, either order) is up, or fails after
   * {@code timeout} naming those still down.
   */
  public CompletionStage<Void> awaitConns(Collection<List<NodeId>> pairs, Duration timeout) {
    List<ConnKey> keys = pairs.stream().map(p -> ConnKey.of(p.get(0), p.get(1))).toList();
    return waiters.await(
        () -> {
          List<String> missing = new ArrayList<>();
          for (ConnKey k : keys) {
            Conn l = connections.get(k);
            if (l == null || !l.up) {
              missing.add(k.a().shortHex() + "-" + k.b().shortHex());
            }
          }
          return missing.isEmpty() ? null : missing.size() + " still down: " + limit(missing);
        },
        "connections up",
        timeout);
  }

  /**
   * Completes when every up node has at least {@code peers} up connections, or fails after {@code
   * timeout} naming the nodes short of them.
   */
  public CompletionStage<Void> awaitPeers(int peers, Duration timeout) {
    return waiters.await(
        () -> {
          List<String> missing = new ArrayList<>();
          for (Member m : members.values()) {
            int n = m.up ? m.peers : peers;
            if (n < peers) {
              missing.add(m.config.name() + " has " + n);
            }
          }
          return missing.isEmpty() ? null : limit(missing);
        },
        "every up node has " + peers + " peers",
        timeout);
  }

  /**
   * Completes with the first event from now on that matches {@code match}, or fails after {@code
   * timeout}.
   */
  public CompletionStage<Event> awaitEvent(Predicate<Event> match, Duration timeout) {
    requireNonNull(match, "match");
    CompletableFuture<Event> found = new CompletableFuture<>();
    Flow.Subscriber<Event> watcher =
        new Flow.Subscriber<>() {
          private Flow.Subscription subscription;

          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            found.whenComplete((e, err) -> s.cancel());
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(Event e) {
            if (match.test(e)) {
              found.complete(e);
              subscription.cancel();
            }
          }

          @Override
          public void onError(Throwable t) {
            found.completeExceptionally(t);
          }

          @Override
          public void onComplete() {
            found.completeExceptionally(
                new NetworkException(Kind.FAILED, "the network shut down before the event came"));
          }
        };
    bus.subscribe(watcher);
    timer.schedule(
        () ->
            found.completeExceptionally(
                new NetworkException(Kind.FAILED, "no matching event within " + words(timeout))),
        timeout.toNanos(),
        TimeUnit.NANOSECONDS);
    return found;
  }

  private CompletableFuture<Void> awaitConnState(NodeId one, NodeId other, boolean up) {
    ConnKey key = ConnKey.of(one, other);
    String what =
        "connection between " + one.hex() + " and " + other.hex() + (up ? " up" : " down");
    return waiters.await(
        () -> {
          Conn l = connections.get(key);
          return l != null && l.up == up ? null : "it is " + (up ? "down" : "up");
        },
        what,
        config.connectTimeout());
  }

  // --- events ----------------------------------------------------------------------------------

  /**
   * Subscribes to events from now on, as a {@link Flow.Publisher}: each subscriber has its own
   * bounded queue ({@link NetworkConfig#eventQueue()} events); one that falls that far behind is
   * ended with an error that says how many events it missed. A slow subscriber never slows the
   * network or the other subscribers.
   */
  public Flow.Publisher<Event> events() {
    return bus::subscribe;
  }

  /**
   * Calls {@code listener} with every event from now on, in order, on a thread of the network's.
   * Close the returned handle to stop; {@link EventSubscription#ended()} fails if the listener fell
   * too far behind or threw.
   */
  public EventSubscription subscribe(Consumer<Event> listener) {
    EventSubscription s = new EventSubscription(listener);
    synchronized (this) {
      s.startAfter(published);
      bus.subscribe(s);
    }
    return s;
  }

  /** How many events the network has published so far. */
  public synchronized long published() {
    return published;
  }

  /** Under the lock, so that every subscriber sees one order. */
  private void publish(Event e) {
    published++;
    bus.publish(e);
  }

  // --- peer events from nodes ------------------------------------------------------------------

  private void onPeerEvent(NodeId self, PeerEvent e) {
    synchronized (this) {
      Member m = members.get(self);
      if (m == null || closed) {
        return;
      }
      switch (e.type()) {
        case ADD -> connChanged(self, e.peer(), true, session(e));
        case DROP -> connChanged(self, e.peer(), false, session(e));
        case MSGSEND ->
            publish(
                Event.of(
                    clock.instant(),
                    new MsgState(self, e.peer(), e.protocol(), e.msgCode(), false)));
        case MSGRECV ->
            publish(
                Event.of(
                    clock.instant(),
                    new MsgState(e.peer(), self, e.protocol(), e.msgCode(), true)));
      }
    }
  }

  /**
   * The TCP connection a peer event is about, the same at both ends ({@code ip:port} pairs in
   * order), or null when the node gave no addresses.
   */
  private static String session(PeerEvent e) {
    if (e.local() == null || e.remote() == null) {
      return null;
    }
    return e.local().compareTo(e.remote()) < 0
        ? e.local() + "|" + e.remote()
        : e.remote() + "|" + e.local();
  }

  /**
   * Under the lock: a node reported a peer added or dropped. Both ends report each change, each on
   * its own stream, so one end's report can come after the other end's report of a later change
   * (b's "add" after a's "drop" of the same connection). Reports are matched by the connection they
   * are about, so a late one never turns a link back.
   */
  private void connChanged(NodeId self, NodeId peer, boolean up, String session) {
    if (!members.containsKey(peer)) {
      return; // a peer from outside this network: not part of its model
    }
    ConnKey key = ConnKey.of(self, peer);
    Conn l = connections.get(key);
    if (l == null) {
      if (!up) {
        return;
      }
      l = new Conn(self, peer); // a connection the network did not ask for: self reported first
      connections.put(key, l);
    }
    boolean nowUp;
    if (session == null) {
      nowUp = up; // no addresses to match reports by: the latest report wins
    } else if (up) {
      if (l.ended.contains(session)) {
        return; // the other end's late report of a connection already gone
      }
      l.live.add(session);
      nowUp = true;
    } else {
      if (!l.live.remove(session) && l.ended.contains(session)) {
        return; // the other end's report of the same drop
      }
      l.ended.add(session);
      nowUp = !l.live.isEmpty();
    }
    if (l.up == nowUp) {
      return; // the other end's report of the same change
    }
    l.up = nowUp;
    int delta = nowUp ? 1 : -1;
    members.get(l.one).peers += delta;
    members.get(l.other).peers += delta;
    publish(Event.of(clock.instant(), false, l.state()));
    waiters.settle();
  }

  private void onEventsEnded(Member m, RpcClient.Subscription sub, Throwable err) {
    synchronized (this) {
      if (m.events != sub || !m.up || m.stopping || closed) {
        return; // stopped on purpose, or an old subscription
      }
      log.info(
          "node {} went down: its peer events ended ({})",
          m.config.name(),
          err == null ? "closed" : message(err));
      m.up = false;
      m.events = null;
      m.info = null;
      publish(Event.of(clock.instant(), false, m.state()));
      waiters.settle();
    }
  }

  // --- snapshots -------------------------------------------------------------------------------

  /**
   * Saves the network: every node's config (with its private key, so that it comes back with its
   * id), whether it is up, each up node's service state and info, and the up connections whose
   * nodes are both up. The nodes keep running.
   *
   * @return fails, naming the node, when an up node's state cannot be read
   */
  public CompletionStage<NetworkSnapshot> snapshot() {
    return NetworkSnapshots.save(this);
  }

  /**
   * Loads a snapshot into this network, as the reference does and more carefully: it checks that no
   * node of the snapshot clashes with one already here, creates every node with its key, starts the
   * up ones with their service state, connects the saved connections and waits until all are up. On
   * any failure every node it made is stopped and removed, so that nothing is left half made, and
   * the stage fails saying what went wrong and where.
   *
   * @param snapshot a snapshot checked by {@link org.p2psim.snapshot.SnapshotReader}
   * @param timeout how long to wait for the nodes and the connections
   */
  public CompletionStage<Void> load(NetworkSnapshot snapshot, Duration timeout) {
    return NetworkSnapshots.load(this, snapshot, timeout);
  }

  /** A node as a snapshot saves it: its whole config, private key included. */
  record Saved(Node node, NodeConfig config, NodeState state) {}

  /** Every node with its whole config, and the up conns between up nodes, as of now. */
  synchronized List<Saved> savedNodes() {
    return members.values().stream().map(m -> new Saved(m.node, m.config, m.state())).toList();
  }

  /** The up connections whose nodes are both up. */
  synchronized List<ConnState> upConnsBetweenUpNodes() {
    return connections.values().stream()
        .filter(l -> l.up && members.get(l.one).up && members.get(l.other).up)
        .map(Conn::state)
        .toList();
  }

  /**
   * Stops and removes these nodes (a failed load's): their ending events are not "went down", and
   * their connections go with them.
   */
  CompletableFuture<Void> forget(List<NodeId> ids) {
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (NodeId id : ids) {
      Member m;
      synchronized (this) {
        m = members.get(id);
        if (m != null) {
          m.stopping = true;
        }
      }
      if (m != null) {
        stops.add(m.node.stop().toCompletableFuture().handle((v, err) -> null));
      }
    }
    return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
        .whenComplete(
            (v, err) -> {
              synchronized (this) {
                for (NodeId id : ids) {
                  Member m = members.remove(id);
                  if (m != null) {
                    names.remove(m.config.name());
                    m.up = false;
                  }
                  connections.keySet().removeIf(k -> k.a().equals(id) || k.b().equals(id));
                  pairLinks.keySet().removeIf(k -> k.a().equals(id) || k.b().equals(id));
                  cutConns.keySet().removeIf(k -> k.a().equals(id) || k.b().equals(id));
                }
              }
            });
  }

  /** Whether a node has this name. */
  synchronized boolean hasName(String name) {
    return names.containsKey(name);
  }

  // --- reset and shutdown ----------------------------------------------------------------------

  /**
   * Stops every node and forgets every node, connection, link condition and partition, as a fresh
   * network. Unlike the reference, whose reset left the nodes running, nothing is left running.
   */
  public CompletionStage<Void> reset() {
    return stopAll()
        .handle((v, err) -> err)
        .thenApply(
            err -> {
              synchronized (this) {
                members.clear();
                names.clear();
                connections.clear();
                pairLinks.clear();
                cutConns.clear();
                defaultLink = Link.NONE;
                partition = Partition.NONE;
                linkVersion++;
              }
              if (err != null) {
                throw new CompletionException(err);
              }
              return null;
            });
  }

  /**
   * Stops every node, waiting at most {@code timeout}, and ends every event subscription (after
   * what was queued for it). Idempotent.
   */
  public void shutdown(Duration timeout) {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    try {
      stopAll().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("shutting the network down: {}", message(e));
    } finally {
      synchronized (this) {
        closed = true;
        waiters.failAll("the network shut down");
      }
      bus.close();
      timer.shutdownNow();
      delivery.shutdown();
    }
  }

  /** {@link #shutdown(Duration)} with 30 s for the nodes to stop. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(30));
  }

  // --- helpers ---------------------------------------------------------------------------------

  private void requireOpen() {
    if (closed) {
      throw new NetworkException(Kind.CONFLICT, "the network is shut down");
    }
  }

  private Member member(NodeId id) {
    requireNonNull(id, "id");
    Member m = members.get(id);
    if (m == null) {
      throw new NetworkException(Kind.NOT_FOUND, "node " + id.hex() + " does not exist");
    }
    return m;
  }

  private CompletionStage<Void> all(
      List<NodeId> ids, String failure, Function<NodeId, CompletionStage<Void>> op) {
    List<CompletableFuture<Void>> each = new ArrayList<>();
    Map<NodeId, String> failed = new LinkedHashMap<>();
    for (NodeId id : ids) {
      each.add(
          op.apply(id)
              .toCompletableFuture()
              .exceptionally(
                  err -> {
                    synchronized (failed) {
                      failed.put(id, message(err));
                    }
                    return null;
                  }));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(
            v -> {
              synchronized (failed) {
                if (!failed.isEmpty()) {
                  throw new NetworkException(
                      Kind.FAILED,
                      failed.size() + " of " + ids.size() + " nodes " + failure + ": " + failed);
                }
              }
              return null;
            });
  }

  static String message(Throwable err) {
    Throwable t = unwrap(err);
    return t.getMessage() == null ? t.toString() : t.getMessage();
  }

  static Throwable unwrap(Throwable err) {
    Throwable t = err;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String words(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  private static String limit(List<String> items) {
    return items.size() <= 10
        ? String.join(", ", items)
        : String.join(", ", items.subList(0, 10)) + " and " + (items.size() - 10) + " more";
  }

  /** A node in the network. Guarded by the network's lock. */
  private static final class Member {
    final Node node;
    final NodeConfig config;
    boolean up;
    boolean starting;
    boolean stopping;
    int peers; // up connections
    NodeInfo info; // from admin_nodeInfo while up; null while down
    RpcClient.Subscription events;

    Member(Node node, NodeConfig config) {
      this.node = node;
      this.config = config;
    }

    NodeId id() {
      return node.id();
    }

    NodeState state() {
      return new NodeState(info != null ? info : node.nodeInfo(), config, up);
    }
  }

  /** A connection in the network. Guarded by the network's lock. */
  private static final class Conn {
    final NodeId one;
    final NodeId other;
    boolean up;
    final Set<String> live = new HashSet<>(2); // TCP connections reported up, not yet dropped
    final Set<String> ended = recentSet(16); // the last few dropped, to ignore late reports

    Conn(NodeId one, NodeId other) {
      this.one = one;
      this.other = other;
    }

    ConnState state() {
      return new ConnState(one, other, up);
    }
  }

  /** A set that forgets its oldest entries past {@code max}. */
  private static Set<String> recentSet(int max) {
    return Collections.newSetFromMap(
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > max;
          }
        });
  }

  /** Two nodes, in id order, so that a connection has one key whoever dialled. */
  record ConnKey(NodeId a, NodeId b) {
    static ConnKey of(NodeId x, NodeId y) {
      return x.compareTo(y) <= 0 ? new ConnKey(x, y) : new ConnKey(y, x);
    }
  }
}
