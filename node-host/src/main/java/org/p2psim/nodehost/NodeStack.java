package org.p2psim.nodehost;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.Version;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.RpcApi;
import org.p2psim.api.spi.RpcDialer;
import org.p2psim.api.spi.Service;
import org.p2psim.nodehost.internal.AdminApi;
import org.p2psim.nodehost.internal.ContextScheduler;
import org.p2psim.nodehost.internal.LinkApi;
import org.p2psim.nodehost.internal.NodeServiceContext;
import org.p2psim.p2p.Enode;
import org.p2psim.p2p.InMemoryNetwork;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.P2pConfig;
import org.p2psim.p2p.P2pServer;
import org.p2psim.rpc.RpcHttpServer;
import org.p2psim.rpc.RpcServer;
import org.p2psim.snapshot.SimulationApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated node: a devp2p server, the services its config names (found by {@link
 * ServiceRegistry}), and a JSON-RPC server with the {@code admin}, {@code simulation}, {@code
 * link}, {@code rpc} and the services' namespaces. The same stack runs in a child process ({@link
 * NodeHost}) and, many to a JVM, in the in-process adapter.
 *
 * <p>All of a node's parts share one Vert.x event-loop context, so protocol handlers, timers and
 * RPC methods of one node never run at the same time.
 */
public final class NodeStack {
  private static final Logger log = LoggerFactory.getLogger(NodeStack.class);

  private final NodeStackConfig config;
  private final Context context;
  private final P2pServer p2p;
  private final RpcServer rpc;
  private final Map<String, Service> services;
  private final ContextScheduler scheduler;
  private final SimulationApi simulation;
  private volatile RpcHttpServer rpcSocket;
  private final AtomicBoolean started = new AtomicBoolean();

  /**
   * Wires the node's parts by hand, in dependency order. The graph is small and fixed; a DI
   * container cost a child JVM ~550 more classes and ~60 ms of its start-up (see the README).
   */
  private NodeStack(
      NodeStackConfig config,
      Context context,
      ServiceRegistry registry,
      RpcDialer dialer,
      InMemoryNetwork network) {
    this.config = config;
    this.context = context;
    NodeConfig node = config.node();
    NodeKey key = NodeKey.parse(node.privateKey());
    this.scheduler = new ContextScheduler(context, Clock.systemUTC());
    this.services = createServices(config, key, scheduler, registry, dialer);
    List<Protocol> protocols = new ArrayList<>();
    services.values().forEach(s -> protocols.addAll(s.protocols()));
    this.p2p =
        new P2pServer(
            context,
            P2pConfig.builder(key)
                .clientId(Version.clientId(node.name()))
                .host(config.host())
                .port(node.port())
                .protocols(protocols)
                .messageEvents(node.enableMsgEvents())
                .network(network)
                .build());
    this.simulation = new SimulationApi(services);
    this.rpc = rpcServerOn(context);
    rpc.register(new RpcApi(AdminApi.NAMESPACE, new AdminApi(p2p, protocols)));
    rpc.register(new RpcApi(SimulationApi.NAMESPACE, simulation));
    rpc.register(new RpcApi(LinkApi.NAMESPACE, new LinkApi(p2p)));
    for (Service service : services.values()) {
      for (RpcApi api : service.apis()) {
        rpc.register(api);
      }
    }
  }

  /** An RPC server whose calls run on the node's context, beside its services and P2P server. */
  static RpcServer rpcServerOn(Context context) {
    return new RpcServer(task -> context.runOnContext(v -> task.run()));
  }

  /** The node's services by name, in the order its config names them. */
  private static Map<String, Service> createServices(
      NodeStackConfig config,
      NodeKey key,
      ContextScheduler scheduler,
      ServiceRegistry registry,
      RpcDialer dialer) {
    NodeConfig node = config.node();
    Map<String, Service> out = new LinkedHashMap<>();
    for (String name : node.services()) {
      NodeServiceContext ctx =
          new NodeServiceContext(
              node,
              key.id(),
              config.snapshots().get(name),
              dialer,
              scheduler,
              config.dataDir().resolve("data").resolve(name));
      Service service;
      try {
        service = registry.factory(name).create(ctx);
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "service " + name + " failed to start: " + e.getMessage(), e);
      }
      if (service == null) {
        throw new IllegalStateException("service " + name + ": its factory returned null");
      }
      out.put(name, service);
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * Assembles a node on {@code vertx}, with a new event-loop context of its own. Nothing is started
   * yet.
   *
   * @throws IllegalArgumentException for a config the registry cannot serve (no services, an
   *     unknown one), or a snapshot for a service the node does not run
   * @throws IllegalStateException when a service fails to create
   */
  public static NodeStack create(
      Vertx vertx, NodeStackConfig config, ServiceRegistry registry, RpcDialer dialer) {
    return create(vertx, config, registry, dialer, null);
  }

  /**
   * Assembles a node as {@link #create(Vertx, NodeStackConfig, ServiceRegistry, RpcDialer)} does,
   * whose devp2p server listens on and dials through {@code network}, in memory, when it is not
   * null (the in-process adapter's nodes), instead of TCP.
   */
  public static NodeStack create(
      Vertx vertx,
      NodeStackConfig config,
      ServiceRegistry registry,
      RpcDialer dialer,
      InMemoryNetwork network) {
    requireNonNull(vertx, "vertx");
    requireNonNull(config, "config");
    requireNonNull(registry, "registry");
    requireNonNull(dialer, "dialer");
    registry.check(config.node().services());
    checkSnapshots(config);
    return new NodeStack(config, P2pServer.newNodeContext(vertx), registry, dialer, network);
  }

  /**
   * Refuses a snapshot under a name that is none of the node's services: it would be ignored and
   * the state it holds lost, typically through a typo.
   */
  private static void checkSnapshots(NodeStackConfig config) {
    List<String> services = config.node().services();
    config.snapshots().keySet().stream()
        .filter(name -> !services.contains(name))
        .sorted()
        .findFirst()
        .ifPresent(
            name -> {
              throw new IllegalArgumentException(
                  "snapshot for unknown service \"" + name + "\": this node runs " + services);
            });
  }

  /**
   * Fills in what a config may leave out: a generated private key, and the id that follows from the
   * key.
   *
   * @throws IllegalArgumentException when the key is invalid or the id does not match it
   */
  public static NodeConfig withKey(NodeConfig node) {
    NodeKey key = node.privateKey() == null ? NodeKey.generate() : NodeKey.parse(node.privateKey());
    if (node.id() != null && !node.id().equals(key.id())) {
      throw new IllegalArgumentException(
          "node id " + node.id() + " does not match its private key, whose id is " + key.id());
    }
    return node.toBuilder().privateKey(key.privateKeyHex()).id(key.id()).build();
  }

  /**
   * Refuses a new node's config that has an id but no key, as every adapter does: a node's id
   * follows from its key (a missing key is generated by {@link #withKey}), so that id cannot be
   * honoured.
   *
   * @throws IllegalArgumentException for an id without a key
   */
  public static void refuseIdWithoutKey(NodeConfig config) {
    if (config.id() != null && config.privateKey() == null) {
      throw new IllegalArgumentException(
          "node "
              + config.id()
              + " has an id but no private_key: a node's id follows from its key, so give the key"
              + " (with or without the id), or neither for a generated one");
    }
  }

  /**
   * What a node that is down reports as its info, on every adapter: its id, the client id it
   * announces when up ({@link Version#clientId}), its key as {@code enode://<128 hex>} without an
   * address, and nothing else.
   */
  public static NodeInfo downInfo(NodeConfig keyed) {
    return new NodeInfo(
        keyed.id().hex(),
        Version.clientId(keyed.name()),
        enodeWithoutAddress(keyed),
        null,
        null,
        null,
        null,
        Map.of());
  }

  /**
   * The enode URL of a node's key without an address, {@code enode://<128 hex public key>}: how a
   * node that is not listening is named.
   *
   * @throws IllegalArgumentException when the config has no key, or a bad one
   */
  private static String enodeWithoutAddress(NodeConfig node) {
    if (node.privateKey() == null) {
      throw new IllegalArgumentException("node " + node.name() + " has no private_key");
    }
    return "enode://" + NodeKey.parse(node.privateKey()).publicKeyHex();
  }

  /**
   * Starts the P2P server, the RPC socket (unless the config says none) and the services, in that
   * order; completes when the node is ready. A node starts once: any other call, even one at the
   * same time from another thread, fails with {@code node already started}.
   */
  public CompletionStage<NodeStack> start() {
    if (!started.compareAndSet(false, true)) {
      return CompletableFuture.failedFuture(new IllegalStateException("node already started"));
    }
    CompletionStage<Void> rpcUp =
        config.rpcPort() < 0
            ? CompletableFuture.completedFuture(null)
            : RpcHttpServer.start(context.owner(), rpc, config.host(), config.rpcPort())
                .thenAccept(s -> rpcSocket = s);
    return p2p.start()
        .thenCompose(v -> rpcUp)
        .thenCompose(v -> onContext(this::startServices))
        .thenApply(
            v -> {
              // A child's one line says where it is; in-process (no RPC socket), thousands of
              // nodes share one log, so the line drops to DEBUG.
              if (log.isInfoEnabled() && wsUrl() != null) {
                log.info(
                    "node {} ({}) up: {} {}",
                    id().shortHex(),
                    config.node().name() == null ? "unnamed" : config.node().name(),
                    p2p.enode(),
                    wsUrl());
              } else {
                log.debug(
                    "node {} ({}) up: {}",
                    id().shortHex(),
                    config.node().name() == null ? "unnamed" : config.node().name(),
                    p2p.enode());
              }
              return this;
            });
  }

  private void startServices() {
    for (Map.Entry<String, Service> e : services.entrySet()) {
      try {
        e.getValue().start();
      } catch (RuntimeException ex) {
        throw new IllegalStateException(
            "service " + e.getKey() + " failed to start: " + ex.getMessage(), ex);
      }
    }
  }

  /**
   * Stops the node: peers get Disconnect "client quitting", then the services stop, their timers
   * are cancelled and the RPC socket closes. Completes when all is down; stopping twice is fine.
   */
  public CompletionStage<Void> stop() {
    return p2p.stop()
        .thenCompose(v -> onContext(this::stopServices))
        .thenCompose(
            v -> {
              RpcHttpServer socket = rpcSocket;
              rpcSocket = null;
              return socket == null ? CompletableFuture.completedFuture(null) : socket.close();
            });
  }

  private void stopServices() {
    scheduler.close();
    for (Map.Entry<String, Service> e : services.entrySet()) {
      try {
        e.getValue().stop();
      } catch (RuntimeException ex) {
        log.warn("service {} failed to stop", e.getKey(), ex);
      }
    }
  }

  private CompletionStage<Void> onContext(Runnable task) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            task.run();
            done.complete(null);
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /** The node's id. */
  public NodeId id() {
    return p2p.id();
  }

  /** The node's enode URL. */
  public Enode enode() {
    return p2p.enode();
  }

  /** The RPC WebSocket URL, or null when the node has no RPC socket. */
  public String wsUrl() {
    RpcHttpServer s = rpcSocket;
    return s == null ? null : s.wsUrl();
  }

  /** The node's RPC server, for in-memory clients. */
  public RpcServer rpc() {
    return rpc;
  }

  /** The node's devp2p server. */
  public P2pServer p2p() {
    return p2p;
  }

  /** The node's services by name. */
  public Map<String, Service> services() {
    return services;
  }

  /** Each snapshottable service's state, taken on the node's context. */
  public CompletionStage<Map<String, byte[]>> snapshots() {
    CompletableFuture<Map<String, byte[]>> done = new CompletableFuture<>();
    context.runOnContext(
        v -> {
          try {
            done.complete(simulation.snapshotBytes());
          } catch (RuntimeException e) {
            done.completeExceptionally(e);
          }
        });
    return done;
  }

  /** The node's config, with its key. */
  public NodeStackConfig config() {
    return config;
  }
}
