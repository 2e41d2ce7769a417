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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.nodehost.NodeStack;
import org.p2psim.nodehost.ServiceRegistry;
import org.p2psim.p2p.InMemoryNetwork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs nodes inside this JVM ({@code inproc-adapter}): each node is the same {@link NodeStack} a
 * child process runs, on one shared Vert.x but on an event-loop context of its own, so a service
 * behaves exactly as in a child; its RPC is served in memory, with no socket. Nodes reach each
 * other through in-memory pipes by default ({@link Transport#PIPES}: an {@link InMemoryNetwork} of
 * this adapter's own, no socket and no file descriptor per connection), with the same RLPx
 * handshake, framing and base protocol as over TCP; {@link Transport#TCP} runs them over loopback
 * TCP instead. {@link Builder#encryption(boolean) encryption(false)} skips the RLPx handshake and
 * frame encryption on pipes, for the largest runs (see {@link InMemoryNetwork}).
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
  private final Transport transport;
  private final InMemoryNetwork network;
  private final Map<NodeId, InProcNode> nodes = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private InProcAdapter(Builder b) {
    this.baseDir = b.baseDir;
    this.callTimeout = b.callTimeout;
    this.registry = b.registry != null ? b.registry : ServiceRegistry.load();
    this.transport = b.transport;
    this.network =
        b.transport == Transport.PIPES
            ? InMemoryNetwork.builder().encryption(b.encryption).build()
            : null;
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
    NodeStack.refuseIdWithoutKey(config);
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

  /** How the nodes reach each other. */
  public Transport transport() {
    return transport;
  }

  /** Whether RLPx between the nodes runs its handshake and encrypts frames. */
  public boolean encryption() {
    return network == null || network.encryption();
  }

  Vertx vertx() {
    return vertx;
  }

  /** The nodes' in-memory network, or null over TCP. */
  InMemoryNetwork network() {
    return network;
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

  /** The stack of the node with this id if it is up, else null: what a dialler reaches. */
  NodeStack upStack(NodeId id) {
    InProcNode n = nodes.get(id);
    return n == null ? null : n.stack();
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
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (InProcNode n : nodes.values()) {
      stops.add(n.stop().toCompletableFuture().exceptionally(e -> null));
    }
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
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
    private Transport transport = Transport.PIPES;
    private boolean encryption = true;

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

    /** How nodes reach each other (default {@link Transport#PIPES}). */
    public Builder transport(Transport transport) {
      this.transport = requireNonNull(transport, "transport");
      return this;
    }

    /**
     * Whether RLPx runs its handshake and encrypts frames (default true). False is for the largest
     * runs, and only on {@link Transport#PIPES}: see {@link InMemoryNetwork} for what it skips.
     */
    public Builder encryption(boolean on) {
      this.encryption = on;
      return this;
    }

    /**
     * The adapter.
     *
     * @throws IllegalArgumentException when encryption is off over TCP
     */
    public InProcAdapter build() {
      if (!encryption && transport != Transport.PIPES) {
        throw new IllegalArgumentException(
            "encryption can only be turned off on in-memory pipes, not over "
                + transport
                + ": use transport(Transport.PIPES)");
      }
      return new InProcAdapter(this);
    }
  }
}
