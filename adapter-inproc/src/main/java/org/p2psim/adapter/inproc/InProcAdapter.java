package org.p2psim.adapter.inproc;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.RpcClient;
import org.p2psim.api.spi.RpcDialer;
import org.p2psim.nodehost.NodeStack;
import org.p2psim.nodehost.ServiceRegistry;
import org.p2psim.rpc.InMemoryRpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs nodes inside this JVM ({@code inproc-adapter}): each node is the same {@link NodeStack} a
 * child process runs, on one shared Vert.x but on an event-loop context of its own, so a service
 * behaves exactly as in a child; its RPC is served in memory, with no socket. Nodes reach each
 * other over loopback TCP with the full RLPx handshake and framing (in-memory pipes are issue 13's
 * next step).
 *
 * <pre>{@code
 * try (InProcAdapter adapter = InProcAdapter.builder(dir).build()) {
 *   Node n = adapter.newNode(NodeConfig.builder().services("pingpong").build());
 *   n.start(Map.of()).toCompletableFuture().join();
 * }
 * }</pre>
 */
public final class InProcAdapter implements NodeAdapter, AutoCloseable {
  /** The adapter's name. */
  public static final String NAME = "inproc-adapter";

  private static final Logger log = LoggerFactory.getLogger(InProcAdapter.class);

  private final Path baseDir;
  private final Duration callTimeout;
  private final ServiceRegistry registry;
  private final Vertx vertx;
  private final Map<NodeId, InProcNode> nodes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private InProcAdapter(Builder b) {
    this.baseDir = b.baseDir;
    this.callTimeout = b.callTimeout;
    this.registry = b.registry != null ? b.registry : ServiceRegistry.load();
    this.vertx =
        Vertx.vertx(
            new VertxOptions().setEventLoopPoolSize(b.eventLoops).setPreferNativeTransport(false));
  }

  /** Starts a builder for an adapter whose nodes keep their data under {@code baseDir}. */
  public static Builder builder(Path baseDir) {
    return new Builder(baseDir);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Makes a node (not started) whose data lives in {@code <baseDir>/<first 12 hex of id>}. A config
   * without a key gets a generated one; an id without a key is refused, as on every adapter; the id
   * of a node of this adapter that is up is refused, and a down one is replaced.
   *
   * @throws IllegalArgumentException saying what is wrong with the config
   */
  @Override
  public InProcNode newNode(NodeConfig config) {
    requireNonNull(config, "config");
    if (closed) {
      throw new IllegalStateException("the in-process adapter is closed");
    }
    if (config.id() != null && config.privateKey() == null) {
      throw new IllegalArgumentException(
          "node "
              + config.id()
              + " has an id but no private_key: a node's id follows from its key, so give the key"
              + " (with or without the id), or neither for a generated one");
    }
    registry.check(config.services());
    NodeConfig keyed = NodeStack.withKey(config);
    Path dir = baseDir.resolve(keyed.id().shortHex());
    try {
      Files.createDirectories(dir);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot create the directory of node "
              + keyed.id().shortHex()
              + ": "
              + dir
              + " ("
              + e
              + ")",
          e);
    }
    InProcNode node = new InProcNode(this, keyed, dir);
    InProcNode old = nodes.putIfAbsent(keyed.id(), node);
    if (old != null && (old.isUp() || !nodes.replace(keyed.id(), old, node))) {
      throw new IllegalArgumentException(
          "a node with id " + keyed.id() + " already exists and is running");
    }
    return node;
  }

  /** The nodes made by this adapter, by id. */
  public Map<NodeId, InProcNode> nodes() {
    return Map.copyOf(nodes);
  }

  Vertx vertx() {
    return vertx;
  }

  ServiceRegistry registry() {
    return registry;
  }

  Duration callTimeout() {
    return callTimeout;
  }

  /** The node this adapter holds for {@code id} now. */
  InProcNode current(NodeId id) {
    return nodes.get(id);
  }

  /** How a node's services reach other nodes' RPC: in memory, to whichever is up. */
  RpcDialer dialer() {
    return id -> {
      InProcNode n = nodes.get(id);
      NodeStack stack = n == null ? null : n.stack();
      if (stack == null) {
        throw new IllegalArgumentException("node " + id + " is not up in this adapter");
      }
      RpcClient c = InMemoryRpc.connect(stack.rpc(), Runnable::run, callTimeout);
      return c;
    };
  }

  /**
   * Stops every node (peers hear "client quitting") and closes the shared Vert.x, waiting at most
   * 30 s. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<java.util.concurrent.CompletableFuture<Void>> stops = new ArrayList<>();
    for (InProcNode n : nodes.values()) {
      stops.add(n.stop().toCompletableFuture().exceptionally(e -> null));
    }
    try {
      java.util.concurrent.CompletableFuture.allOf(
              stops.toArray(java.util.concurrent.CompletableFuture[]::new))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("not every in-process node stopped within 30 s: {}", e.toString());
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("the in-process adapter's Vert.x did not close: {}", e.toString());
    }
  }

  /** Options for an in-process adapter. */
  public static final class Builder {
    private final Path baseDir;
    private int eventLoops = Runtime.getRuntime().availableProcessors();
    private Duration callTimeout = Duration.ofSeconds(60);
    private ServiceRegistry registry;

    private Builder(Path baseDir) {
      this.baseDir = requireNonNull(baseDir, "baseDir");
    }

    /** How many event-loop threads all nodes share (default: the number of cores). */
    public Builder eventLoops(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("bad eventLoops " + n + ": expected at least 1");
      }
      this.eventLoops = n;
      return this;
    }

    /** How long an RPC call to a node may take (default 60 s). */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** The services nodes may run (default: those {@code ServiceLoader} finds here). */
    public Builder registry(ServiceRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** The adapter. */
    public InProcAdapter build() {
      return new InProcAdapter(this);
    }
  }
}
