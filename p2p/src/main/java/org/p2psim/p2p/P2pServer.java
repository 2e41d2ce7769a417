package org.p2psim.p2p;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.p2psim.api.Capability;
import org.p2psim.api.DisconnectReason;
import org.p2psim.api.Link;
import org.p2psim.api.NodeId;
import org.p2psim.api.Partition;
import org.p2psim.api.PeerEvent;
import org.p2psim.api.spi.Protocol;
import org.p2psim.p2p.internal.CapabilityMatcher;
import org.p2psim.p2p.internal.VertxInternals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A devp2p node's networking: it listens for and dials RLPx connections, runs the base protocol
 * (Hello, Ping/Pong, Disconnect) and hands each peer to the sub-protocols it shares, and reports
 * peers coming and going as {@link PeerEvent}s.
 *
 * <p>Each server has its own Vert.x event-loop context: every protocol handler, event listener and
 * timer of this node runs there, one at a time, so many servers can share one Vert.x without locks.
 *
 * <pre>{@code
 * P2pServer server = new P2pServer(vertx, P2pConfig.builder(NodeKey.generate()).protocol(p).build());
 * server.start().toCompletableFuture().join();
 * server.connect(Enode.parse(otherUrl)).toCompletableFuture().join();
 * }</pre>
 */
public final class P2pServer {
  private static final Logger log = LoggerFactory.getLogger(P2pServer.class);

  private final Vertx vertx;
  private final Context context;
  private final P2pConfig config;
  private final List<Capability> capabilities;
  private final List<CapabilityMatcher.Offer<Protocol>> offers;
  private final List<Consumer<PeerEvent>> listeners = new CopyOnWriteArrayList<>();

  // Touched only on the context.
  private final Set<Connection> connections = new LinkedHashSet<>();
  // Written on the context, readable anywhere.
  private final Map<NodeId, Connection> peers = new ConcurrentHashMap<>();

  // Link conditions and the partition: written on the context, readable anywhere.
  private volatile Link defaultLink = Link.NONE;
  private volatile Map<NodeId, Link> links = Map.of();
  private volatile Partition partition = Partition.NONE;

  private NetServer netServer;
  private Dialer dialer;
  // On the context: the last stop, which a start waits for; and peer events a listener caused
  // while one was being delivered, which wait their turn.
  private CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);
  private final ArrayDeque<PeerEvent> emitQueue = new ArrayDeque<>();
  private boolean emitting;
  private volatile String host;
  private volatile int port;
  private volatile boolean running;

  /** Makes a server on {@code vertx}, with a context of its own; {@link #start()} starts it. */
  public P2pServer(Vertx vertx, P2pConfig config) {
    this(newNodeContext(vertx), config);
  }

  /**
   * Makes a server that runs on {@code context}, an event-loop context the node's other parts
   * (services, RPC) share; see {@link #newNodeContext(Vertx)}.
   */
  public P2pServer(Context context, P2pConfig config) {
    requireNonNull(context, "context");
    if (!context.isEventLoopContext()) {
      throw new IllegalArgumentException("a node needs an event-loop context, got " + context);
    }
    this.vertx = context.owner();
    this.config = requireNonNull(config, "config");
    this.context = context;
    this.host = config.host();
    List<Capability> caps = new ArrayList<>();
    List<CapabilityMatcher.Offer<Protocol>> offered = new ArrayList<>();
    for (Protocol p : config.protocols()) {
      caps.add(p.capability());
      offered.add(new CapabilityMatcher.Offer<>(p.name(), p.version(), p.length(), p));
    }
    this.capabilities = caps.stream().sorted().toList();
    this.offers = List.copyOf(offered);
  }

  /**
   * Makes a fresh event-loop context for one node: each call gives a new context, spread over
   * {@code vertx}'s event loops, so that many nodes share a few threads without sharing state.
   */
  public static Context newNodeContext(Vertx vertx) {
    requireNonNull(vertx, "vertx");
    return VertxInternals.newEventLoopContext(vertx);
  }

  /**
   * Starts listening; completes when the port is bound. A start asked for while a stop finishes
   * begins once that stop has closed the old listener and dialer.
   */
  public CompletionStage<Void> start() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    onContext(() -> stopped.whenComplete((v, e) -> onContext(() -> startNow(done))));
    return done;
  }

  /** On the context, with no stop under way. */
  private void startNow(CompletableFuture<Void> done) {
    if (running || netServer != null) { // up, or binding its port
      done.completeExceptionally(new IllegalStateException("server already started"));
      return;
    }
    dialer = new Dialer(this);
    InMemoryNetwork network = config.network();
    if (network != null) {
      try {
        host = network.listen(this);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
        return;
      }
      port = InMemoryNetwork.PORT;
      running = true;
      log.debug("node {} listening in memory at {}", id().shortHex(), enode());
      done.complete(null);
      return;
    }
    netServer =
        vertx.createNetServer(
            new NetServerOptions()
                .setHost(config.host())
                .setPort(config.port())
                .setTcpNoDelay(true));
    netServer.connectHandler(socket -> Connection.accept(this, new SocketDuplex(socket)));
    netServer
        .listen()
        .onComplete(
            ar -> {
              if (ar.failed()) {
                netServer = null;
                done.completeExceptionally(
                    new P2pException(
                        null,
                        "cannot listen on "
                            + config.host()
                            + ":"
                            + config.port()
                            + ": "
                            + ar.cause().getMessage()));
                return;
              }
              port = ar.result().actualPort();
              running = true;
              log.debug("node {} listening on {}", id().shortHex(), enode());
              done.complete(null);
            });
  }

  /**
   * Disconnects every peer with "client quitting" and stops listening; completes when every
   * connection and the listener are closed. Stopping a stopped server does nothing.
   */
  public CompletionStage<Void> stop() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    onContext(
        () -> {
          if (!running) {
            done.complete(null);
            return;
          }
          running = false;
          stopped = done;
          // The tail below closes these, not whatever a later start puts in the fields.
          NetServer listener = netServer;
          Dialer dials = dialer;
          netServer = null;
          if (config.network() != null) {
            config.network().unlisten(this);
          }
          dials.failWaiting();
          List<Connection> ending = List.copyOf(connections);
          List<CompletableFuture<Void>> closing = new ArrayList<>();
          for (Connection c : ending) {
            c.disconnectWith(DisconnectReason.QUITTING, DisconnectReason.QUITTING.text());
            closing.add(c.socketClosed().toCompletableFuture());
          }
          // Give peers a moment to read the Disconnect before the sockets are torn down; then
          // close what is left, such as a slow link still sending what it holds.
          CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
              .completeOnTimeout(null, 2, java.util.concurrent.TimeUnit.SECONDS)
              .whenComplete(
                  (v, e) ->
                      onContext(
                          () -> {
                            ending.forEach(Connection::closeNow);
                            Future.join(
                                    listener == null ? Future.succeededFuture() : listener.close(),
                                    dials.close())
                                .onComplete(ar -> done.complete(null));
                          }));
        });
    return done;
  }

  /**
   * Dials {@code enode} and completes when the peer is up (handshake and Hello done), or fails with
   * a {@link P2pException} saying why not: self, already connected, refused, timed out, too many
   * dials, or the peer's disconnect reason.
   *
   * <p>Dials are bounded: at most {@link P2pConfig#maxActiveDials()} are in flight and up to {@link
   * P2pConfig#maxQueuedDials()} more wait their turn; past that a dial fails at once. A node that
   * is being dialled is not dialled again: the second call completes with the first dial.
   */
  public CompletionStage<PeerInfo> connect(Enode enode) {
    requireNonNull(enode, "enode");
    CompletableFuture<PeerInfo> done = new CompletableFuture<>();
    onContext(
        () -> {
          NodeId target = enode.id();
          if (!running) {
            done.completeExceptionally(new IllegalStateException("server is not running"));
          } else if (target.equals(id())) {
            dialFailed(
                done,
                target,
                new P2pException(DisconnectReason.SELF, "refusing to connect to self"));
          } else if (cutOff(target)) {
            dialFailed(
                done,
                target,
                new P2pException(
                    null,
                    "cannot reach "
                        + target
                        + ": a partition separates it from this node ("
                        + id()
                        + ")"));
          } else if (peers.containsKey(target)) {
            done.completeExceptionally(
                new P2pException(
                    DisconnectReason.ALREADY_CONNECTED, "already connected to " + target));
          } else if (enode.host() == null || enode.tcpPort() == 0) {
            dialFailed(
                done,
                target,
                new IllegalArgumentException("enode " + enode + " has no address to dial"));
          } else {
            dialer
                .dial(enode)
                .whenComplete(
                    (info, err) -> {
                      if (err != null) {
                        dialFailed(done, target, err);
                      } else {
                        done.complete(info);
                      }
                    });
          }
        });
    return done;
  }

  /**
   * On the context: fails a dial and, unless it only found the peer connected already (two dials
   * that crossed), tells the listeners with a {@code dialfail} event. {@code admin_addPeer} answers
   * before its dial ends; without the event its caller could only wait for an {@code add} that
   * never comes.
   */
  private void dialFailed(CompletableFuture<PeerInfo> done, NodeId target, Throwable error) {
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    boolean crossed =
        cause instanceof P2pException p && p.reason() == DisconnectReason.ALREADY_CONNECTED;
    if (!crossed) {
      emit(PeerEvent.dialFailed(target, String.valueOf(cause.getMessage())));
    }
    done.completeExceptionally(error);
  }

  /**
   * Disconnects the peer with this id, with {@link DisconnectReason#REQUESTED}.
   *
   * @return completes with whether such a peer was connected
   */
  public CompletionStage<Boolean> disconnect(NodeId peer) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    onContext(
        () -> {
          Connection c = peers.get(peer);
          if (c != null) {
            c.disconnectWith(DisconnectReason.REQUESTED, DisconnectReason.REQUESTED.text());
          }
          done.complete(c != null);
        });
    return done;
  }

  // ---- link conditions and partitions -------------------------------------------------------

  /**
   * Sets the conditions of what this node sends to peers without a link of their own ({@link
   * #setLink}), on live connections and on those to come.
   *
   * @return completes once set
   */
  public CompletionStage<Void> setDefaultLink(Link link) {
    requireNonNull(link, "link");
    return onContextDone(
        () -> {
          defaultLink = link;
          relink();
        });
  }

  /**
   * Sets the conditions of what this node sends to {@code peer}, on a live connection and on those
   * to come; null goes back to the default link. The other direction is the peer's to shape.
   *
   * @return completes once set
   */
  public CompletionStage<Void> setLink(NodeId peer, Link link) {
    requireNonNull(peer, "peer");
    return onContextDone(
        () -> {
          Map<NodeId, Link> next = new HashMap<>(links);
          if (link == null) {
            next.remove(peer);
          } else {
            next.put(peer, link);
          }
          links = Map.copyOf(next);
          relink();
        });
  }

  /** Gives each connection whose peer is known the link now in force for that peer. */
  private void relink() {
    for (Connection c : connections) {
      if (c.id() != null) {
        c.link(linkTo(c.id()));
      }
    }
  }

  /**
   * Sets the partition this node is in: connections to nodes across it drop at once, without a
   * Disconnect (it could not arrive), and dials across it fail, either way, until a partition that
   * does not separate them ({@link Partition#NONE} heals every cut).
   *
   * @return completes once set, with the connections across the cut closed
   */
  public CompletionStage<Void> setPartition(Partition partition) {
    requireNonNull(partition, "partition");
    return onContextDone(
        () -> {
          this.partition = partition;
          for (Connection c : List.copyOf(connections)) {
            if (c.id() != null && cutOff(c.id())) {
              c.cut();
            }
          }
        });
  }

  /** The conditions of what this node sends to {@code peer}: its own link, or the default. */
  public Link linkTo(NodeId peer) {
    return links.getOrDefault(peer, defaultLink);
  }

  /** The default link: see {@link #setDefaultLink}. */
  public Link defaultLink() {
    return defaultLink;
  }

  /** The links set for single peers, by peer. */
  public Map<NodeId, Link> links() {
    return links;
  }

  /** The partition this node is in. */
  public Partition partition() {
    return partition;
  }

  /** Whether a partition separates this node from {@code other}. */
  boolean cutOff(NodeId other) {
    return partition.separates(id(), other);
  }

  private CompletionStage<Void> onContextDone(Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    onContext(
        () -> {
          try {
            task.run();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /** The connected peers' info, gathered on the node's context. */
  public CompletionStage<List<PeerInfo>> peers() {
    CompletableFuture<List<PeerInfo>> done = new CompletableFuture<>();
    onContext(() -> done.complete(peers.values().stream().map(Connection::info).toList()));
    return done;
  }

  /** The ids of the connected peers, right now. */
  public Set<NodeId> peerIds() {
    return Set.copyOf(peers.keySet());
  }

  /** How many peers are connected. */
  public int peerCount() {
    return peers.size();
  }

  /**
   * Calls {@code listener} with every peer event, on the node's context.
   *
   * @return closes the subscription
   */
  public AutoCloseable subscribe(Consumer<PeerEvent> listener) {
    requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** This node's id. */
  public NodeId id() {
    return config.key().id();
  }

  /**
   * This node's enode URL, with the bound port once started; on an {@link InMemoryNetwork}, the
   * address the network gave it.
   */
  public Enode enode() {
    return Enode.of(config.key().publicKey(), host, port);
  }

  /**
   * The bound TCP port, or 0 before {@link #start()}; on an in-memory network, {@link
   * InMemoryNetwork#PORT}.
   */
  public int port() {
    return port;
  }

  /** Whether the server is listening. */
  public boolean isRunning() {
    return running;
  }

  /** The configuration. */
  public P2pConfig config() {
    return config;
  }

  /** The node's own event-loop context, where its protocol handlers run. */
  public Context context() {
    return context;
  }

  /** The capabilities this node announces, sorted. */
  public List<Capability> capabilities() {
    return capabilities;
  }

  // ---- for connections ----------------------------------------------------------------------

  NodeKey key() {
    return config.key();
  }

  List<CapabilityMatcher.Offer<Protocol>> offers() {
    return offers;
  }

  /** Runs {@code task} on the node's context: now if already there, else soon. */
  void onContext(Runnable task) {
    if (Vertx.currentContext() == context) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  /** Takes an in-memory pipe another node dialled us on; on the node's context. */
  void acceptPipe(Duplex end) {
    if (!running) {
      end.close();
      return;
    }
    Connection.accept(this, end);
  }

  void track(Connection c) {
    if (!running) {
      c.disconnectWith(DisconnectReason.QUITTING, "server is stopping");
      return;
    }
    connections.add(c);
  }

  /** Returns why the connection's node may not become a peer over it now, or null if it may. */
  DisconnectReason admissionCheck(Connection c) {
    NodeId remote = c.id();
    if (!running) {
      return DisconnectReason.QUITTING;
    }
    if (remote.equals(id())) {
      return DisconnectReason.SELF;
    }
    Connection peer = peers.get(remote);
    if (peer != null) {
      return replaces(c, peer) ? null : DisconnectReason.ALREADY_CONNECTED;
    }
    if (peers.size() >= config.maxPeers()) {
      return DisconnectReason.TOO_MANY_PEERS;
    }
    return null;
  }

  /**
   * Whether {@code c} takes the place of {@code peer}, a connection to the same node: when two
   * nodes dial each other at once, each may admit its own dial first and refuse the other's, which
   * leaves none. So both ends keep the connection dialled by the node with the smaller id.
   */
  private boolean replaces(Connection c, Connection peer) {
    if (c.inbound() == peer.inbound()) {
      return false; // not crossed dials: the first one stays
    }
    NodeId smaller = id().compareTo(c.id()) < 0 ? id() : c.id();
    NodeId cDialler = c.inbound() ? c.id() : id();
    return cDialler.equals(smaller);
  }

  /** Admits a connection whose Hello checked out, or returns why it may not be a peer. */
  DisconnectReason admit(Connection c) {
    DisconnectReason refusal = admissionCheck(c);
    if (refusal == null) {
      Connection replaced = peers.put(c.id(), c);
      if (replaced != null) {
        replaced.disconnectWith(
            DisconnectReason.ALREADY_CONNECTED,
            "replaced by the connection " + (c.inbound() ? "it" : "this node") + " dialled");
      }
    }
    return refusal;
  }

  void untrack(Connection c, boolean wasPeer) {
    connections.remove(c);
    if (wasPeer) {
      peers.remove(c.id(), c);
    }
  }

  /**
   * On the context: hands {@code event} to every listener. One that a listener causes (a drop, when
   * it disconnects the peer it was told of) waits until every listener has had the event before, so
   * that all of them see a node's events in one order.
   */
  void emit(PeerEvent event) {
    if (emitting) {
      emitQueue.add(event);
      return;
    }
    emitting = true;
    try {
      for (PeerEvent next = event; next != null; next = emitQueue.poll()) {
        for (Consumer<PeerEvent> l : listeners) {
          try {
            l.accept(next);
          } catch (RuntimeException e) {
            log.warn("peer event listener failed on {}", next.type(), e);
          }
        }
      }
    } finally {
      emitting = false;
    }
  }
}
