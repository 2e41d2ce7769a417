package org.p2psim.nodehost;

import static java.util.Objects.requireNonNull;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.ProvisionException;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.RpcDialer;
import org.p2psim.api.Service;
import org.p2psim.nodehost.internal.ContextScheduler;
import org.p2psim.p2p.Enode;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.P2pServer;
import org.p2psim.rpc.RpcHttpServer;
import org.p2psim.rpc.RpcServer;
import org.p2psim.snapshot.SimulationApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated node: a devp2p server, the services its config names (found by {@link
 * ServiceRegistry}), and a JSON-RPC server with the {@code admin}, {@code simulation}, {@code rpc}
 * and the services' namespaces. The same stack runs in a child process ({@link NodeHost}) and, many
 * to a JVM, in the in-process adapter.
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
  private volatile boolean started;

  private NodeStack(NodeStackConfig config, Context context, Injector injector) {
    this.config = config;
    this.context = context;
    this.p2p = injector.getInstance(P2pServer.class);
    this.rpc = injector.getInstance(RpcServer.class);
    this.services = injector.getInstance(Key.get(new TypeLiteral<Map<String, Service>>() {}));
    this.scheduler = injector.getInstance(ContextScheduler.class);
    this.simulation = injector.getInstance(SimulationApi.class);
  }

  /**
   * Assembles a node on {@code vertx}, with a new event-loop context of its own. Nothing is started
   * yet.
   *
   * @throws IllegalArgumentException for a config the registry cannot serve (no services, an
   *     unknown one)
   * @throws IllegalStateException when a service fails to create
   */
  public static NodeStack create(
      Vertx vertx, NodeStackConfig config, ServiceRegistry registry, RpcDialer dialer) {
    requireNonNull(vertx, "vertx");
    requireNonNull(config, "config");
    requireNonNull(registry, "registry");
    requireNonNull(dialer, "dialer");
    registry.check(config.node().services());
    Context context = P2pServer.newNodeContext(vertx);
    try {
      Injector injector =
          Guice.createInjector(Stage.PRODUCTION, new NodeModule(config, context, registry, dialer));
      return new NodeStack(config, context, injector);
    } catch (ProvisionException | CreationException e) {
      throw unwrap(e);
    }
  }

  /** Guice wraps what a provider throws; callers want the error itself. */
  private static RuntimeException unwrap(RuntimeException e) {
    Throwable t = e;
    while ((t instanceof ProvisionException || t instanceof CreationException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
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
   * Starts the P2P server, the RPC socket (unless the config says none) and the services, in that
   * order; completes when the node is ready.
   */
  public CompletionStage<NodeStack> start() {
    if (started) {
      return CompletableFuture.failedFuture(new IllegalStateException("node already started"));
    }
    started = true;
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
              log.info(
                  "node {} ({}) up: {} {}",
                  id().shortHex(),
                  config.node().name() == null ? "unnamed" : config.node().name(),
                  p2p.enode(),
                  wsUrl() == null ? "" : wsUrl());
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
