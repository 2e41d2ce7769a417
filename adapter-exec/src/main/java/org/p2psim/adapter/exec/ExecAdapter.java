package org.p2psim.adapter.exec;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.nodehost.NodeStack;
import org.p2psim.nodehost.ServiceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each node as a child JVM: the parent's Java executable and classpath (so service JARs on the
 * classpath are found by the child too), running {@code org.p2psim.nodehost.NodeHost}. The node's
 * config, key included, goes to the child on stdin, never in argv or the environment; the child
 * answers with a ready line and serves JSON-RPC over WebSocket.
 *
 * <pre>{@code
 * try (ExecAdapter adapter = ExecAdapter.builder(Path.of("/tmp/sim")).echoLogs(true).build()) {
 *   ExecNode node = adapter.newNode(NodeConfig.builder().services("pingpong").build());
 *   node.start(Map.of()).toCompletableFuture().join();
 * }
 * }</pre>
 *
 * <p>A child exits when its stdin closes, so children never outlive the parent JVM, even when it is
 * killed with SIGKILL.
 */
public final class ExecAdapter implements NodeAdapter, AutoCloseable {
  /** The adapter's name. */
  public static final String NAME = "exec-adapter";

  private static final Logger log = LoggerFactory.getLogger(ExecAdapter.class);

  /** This JVM's own {@code java}: what children run by default. */
  private static final Path PARENT_JAVA =
      Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath().normalize();

  private final Options options;
  private final Vertx vertx;
  private final ExecutorService blocking;
  private final ServiceRegistry registry;
  private final Map<NodeId, ExecNode> nodes = new ConcurrentHashMap<>();
  // The archive's training node and its peers: not the user's, but close() ends them too.
  private final Set<ExecNode> trainingNodes = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private final ChildCommand command;
  private final ClassDataSharing cds;
  private final StartGate startGate;
  private final SparePool spares;

  private ExecAdapter(Options options) {
    this.options = options;
    Path cacheDir = ClassDataSharing.cacheDir(options.classDataSharingCache());
    String classpath =
        UnsignedJars.of(
            ChildClasspath.of(options.classpath(), options.extraClasspath()),
            cacheDir.resolve("unsigned"));
    this.command = new ChildCommand(options, classpath);
    this.cds = new ClassDataSharing(cacheDir, options, classpath);
    this.registry =
        ServiceRegistry.load(
            ChildClasspath.serviceLoader(options.classpath(), options.extraClasspath()));
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(2)
                .setFileSystemOptions(
                    new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
    this.blocking =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "p2psim-exec");
              t.setDaemon(true);
              return t;
            });
    this.startGate = new StartGate(options.parallelStarts());
    this.spares =
        new SparePool(
            options.spares(),
            options.baseDir(),
            () -> command.command(cds.flags(), NodeConfig.DEFAULT_LOG_VERBOSITY),
            startGate,
            blocking);
  }

  /** Starts a builder for an adapter whose nodes live under {@code baseDir}. */
  public static Builder builder(Path baseDir) {
    return new Builder(baseDir);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Makes a node (not started) in {@code <baseDir>/<first 12 hex of id>}. A config without a key
   * gets a generated one; a config with a key and no id gets the key's id. A config with an id but
   * no key is refused: a node's id follows from its key, so the id cannot be honoured.
   *
   * @throws IllegalArgumentException for no services, an unknown service (listing the known ones),
   *     an id without a key, an id that does not match the key, the id of a node of this adapter
   *     that is running (a down one is replaced), or a node directory that cannot be created
   */
  @Override
  public ExecNode newNode(NodeConfig config) {
    requireNonNull(config, "config");
    NodeStack.refuseIdWithoutKey(config);
    registry.check(config.services());
    NodeConfig keyed = NodeStack.withKey(config);
    Path dir = options.baseDir().resolve(keyed.id().shortHex());
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
    ExecNode node = new ExecNode(this, keyed, dir);
    ExecNode old = nodes.putIfAbsent(keyed.id(), node);
    if (old != null) {
      // A node that is down may be made again (a network reset, or a snapshot loaded twice): the
      // new one takes its place and its directory. One with a process, or starting one, may not.
      // Under the old node's lock, so that it cannot begin a start between the check and the
      // replacement (its start checks that it is still the adapter's node for its id).
      synchronized (old) {
        if (old.isUp()
            || old.pid().isPresent()
            || old.isStarting()
            || !nodes.replace(keyed.id(), old, node)) {
          throw new IllegalArgumentException(
              "a node with id " + keyed.id() + " already exists and is running");
        }
      }
    }
    return node;
  }

  /** The node this adapter holds for {@code id} now: a newer one replaces one that is down. */
  ExecNode current(NodeId id) {
    return nodes.get(id);
  }

  /** The nodes made by this adapter, by id. */
  public Map<NodeId, ExecNode> nodes() {
    return Map.copyOf(nodes);
  }

  /** The WebSocket RPC URLs of the running nodes, for the children's {@code RpcDialer}. */
  Map<String, String> peerAddrs() {
    Map<String, String> out = new TreeMap<>();
    nodes.forEach(
        (id, n) -> {
          String ws = n.wsUrl();
          if (ws != null) {
            out.put(id.hex(), ws);
          }
        });
    return out;
  }

  Options options() {
    return options;
  }

  /** The command line of a child with these extra JVM flags and this log verbosity. */
  List<String> command(List<String> flags, int logVerbosity) {
    return command.command(flags, logVerbosity);
  }

  /** The JVM flags that map the class-data-sharing archive, if there is one. */
  List<String> cdsFlags() {
    return cds.flags();
  }

  /**
   * The class-data-sharing archive's path (it may not exist): in the cache directory, shared by
   * adapters (see {@link Builder#classDataSharingCache(Path)}).
   */
  public Path cdsArchive() {
    return cds.archive();
  }

  /**
   * Completes when the class-data-sharing archive is there (or cannot be made). On JDK 17–18 and
   * 24+ the first call runs one training node with {@code template}'s services, talks to it over
   * RPC so that the RPC classes are loaded too, connects it to two peers (see {@link #trainPeers}),
   * and stops it; what it recorded is then made into the archive. A training node that fails (its
   * service did) lets a later start try again.
   */
  CompletionStage<Void> cdsReady(NodeConfig template) {
    return cds.ready(
        flags -> {
          NodeConfig training =
              NodeStack.withKey(
                  NodeConfig.builder().name("cds-training").services(template.services()).build());
          ExecNode node = trainingNode(training, ".cds-training");
          return node.start(Map.of(), flags)
              .thenCompose(v -> node.client().call("admin_nodeInfo", Object.class))
              .thenCompose(v -> node.client().call("admin_peers", Object.class))
              .thenCompose(v -> node.client().call("simulation_snapshot", Object.class))
              .thenCompose(v -> trainPeers(node, template))
              .handle((v, err) -> err)
              .thenCompose(
                  err ->
                      node.stop()
                          .thenApply(
                              v -> {
                                if (err != null) {
                                  throw new CompletionException(err);
                                }
                                return v;
                              }));
        });
  }

  /**
   * Has the training node dial one peer and be dialled by another, so that the archive also holds
   * what a connection loads (the RLPx handshake, the frame ciphers, the protocols): some 280
   * classes that every child otherwise loads from the JARs at its first connection. The peers are
   * plain children without the archive; a peer that fails only leaves those classes out, so this
   * never fails.
   */
  private CompletionStage<Void> trainPeers(ExecNode node, NodeConfig template) {
    List<ExecNode> peers = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      NodeConfig c =
          NodeStack.withKey(
              NodeConfig.builder().name("cds-peer" + i).services(template.services()).build());
      peers.add(trainingNode(c, ".cds-training-peer" + i));
    }
    CompletableFuture<?>[] started =
        peers.stream()
            .map(p -> p.start(Map.of(), List.of()).toCompletableFuture())
            .toArray(CompletableFuture[]::new);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    return CompletableFuture.allOf(started)
        .thenCompose(v -> node.client().call("admin_addPeer", Boolean.class, peers.get(0).addr()))
        .thenCompose(v -> peers.get(1).client().call("admin_addPeer", Boolean.class, node.addr()))
        .thenCompose(v -> awaitPeers(node, 2, deadline))
        .handle(
            (v, err) -> {
              if (err != null) {
                log.debug("class-data-sharing training without peers: {}", err.toString());
              }
              return null;
            })
        .thenCompose(
            v ->
                CompletableFuture.allOf(
                    peers.stream()
                        .map(p -> p.stop().toCompletableFuture().exceptionally(e -> null))
                        .toArray(CompletableFuture[]::new)));
  }

  private ExecNode trainingNode(NodeConfig config, String dirName) {
    ExecNode node = new ExecNode(this, config, options.baseDir().resolve(dirName));
    trainingNodes.add(node);
    return node;
  }

  /** Polls {@code node}'s peers until it has {@code n} or {@code deadline} (nanoTime) passes. */
  private static CompletionStage<Void> awaitPeers(ExecNode node, int n, long deadline) {
    return node.client()
        .call("admin_peers", List.class)
        .thenCompose(
            peers ->
                peers.size() >= n || System.nanoTime() > deadline
                    ? CompletableFuture.<Void>completedFuture(null)
                    : CompletableFuture.runAsync(
                            () -> {}, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS))
                        .thenCompose(x -> awaitPeers(node, n, deadline)));
  }

  SparePool spares() {
    return spares;
  }

  StartGate startGate() {
    return startGate;
  }

  /** How many spare children are waiting now, ready to be taken by the next start. */
  public int idleSpares() {
    return spares.idle();
  }

  Vertx vertx() {
    return vertx;
  }

  ExecutorService blocking() {
    return blocking;
  }

  /** Whether {@link #close()} has begun: nodes no longer start. */
  boolean isClosed() {
    return closed;
  }

  /** Runs {@code task} on a worker thread; here if the adapter has closed its workers. */
  void runBlocking(Runnable task) {
    try {
      blocking.execute(task);
    } catch (RejectedExecutionException e) {
      task.run();
    }
  }

  /**
   * Stops every node (in parallel) and releases the adapter's threads. An interrupt cuts the waits
   * short (the nodes' own stops go on and force their children down after the grace period), and
   * the thread's interrupt flag is set again on return.
   */
  @Override
  public void close() {
    closed = true; // starts from now on fail; those waiting for their launch fail there
    spares.close();
    List<CompletableFuture<Void>> stops = new ArrayList<>();
    for (ExecNode n : nodes.values()) {
      stops.add(n.stop().toCompletableFuture());
    }
    for (ExecNode n : trainingNodes) {
      stops.add(n.stop().toCompletableFuture());
    }
    boolean interrupted = false;
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .get(options.stopGrace().toMillis() + 5000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (ExecutionException | TimeoutException e) {
      log.warn("not every node stopped cleanly: {}", e.toString());
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (ExecutionException | TimeoutException e) {
      // closing anyway
    }
    blocking.shutdownNow();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The adapter's settings.
   *
   * @param baseDir where node directories go
   * @param javaExecutable the {@code java} the children run (the parent's by default)
   * @param jvmOptions options for the child JVMs
   * @param startTimeout how long a child may take to print its ready line
   * @param stopGrace how long a child may take to exit after SIGTERM before it is killed
   * @param classpath the children's classpath; empty for the parent's own (the default)
   * @param extraClasspath entries put after the classpath
   * @param echoLogs whether children's logs are copied to this process's stderr, prefixed with the
   *     node's name
   * @param classDataSharing whether children map a class-data-sharing archive made for them
   * @param classDataSharingCache where archives are kept, shared with other adapters; null for the
   *     default (the {@code p2psim.cds.cache} system property, else {@code
   *     $XDG_CACHE_HOME/p2psim/cds}, else {@code ~/.cache/p2psim/cds})
   * @param spares how many child JVMs are kept started ahead of need
   * @param parallelStarts how many children may boot at once
   */
  public record Options(
      Path baseDir,
      Path javaExecutable,
      List<String> jvmOptions,
      Duration startTimeout,
      Duration stopGrace,
      List<Path> classpath,
      List<Path> extraClasspath,
      boolean echoLogs,
      boolean classDataSharing,
      Path classDataSharingCache,
      int spares,
      int parallelStarts) {

    /** Whether the children run this JVM's own {@code java}. */
    public boolean runsParentJava() {
      return PARENT_JAVA.equals(javaExecutable.toAbsolutePath().normalize());
    }

    /** Checks and copies the fields. */
    public Options {
      requireNonNull(baseDir, "baseDir");
      requireNonNull(javaExecutable, "javaExecutable");
      jvmOptions = List.copyOf(jvmOptions);
      requireNonNull(startTimeout, "startTimeout");
      requireNonNull(stopGrace, "stopGrace");
      classpath = List.copyOf(classpath);
      extraClasspath = List.copyOf(extraClasspath);
      if (startTimeout.isNegative() || startTimeout.isZero()) {
        throw new IllegalArgumentException("bad startTimeout " + startTimeout + ": must be > 0");
      }
      if (stopGrace.isNegative()) {
        throw new IllegalArgumentException("bad stopGrace " + stopGrace + ": must be >= 0");
      }
      if (spares < 0) {
        throw new IllegalArgumentException("bad spares " + spares + ": must be >= 0");
      }
      if (parallelStarts < 1) {
        throw new IllegalArgumentException(
            "bad parallelStarts " + parallelStarts + ": must be >= 1");
      }
    }
  }

  /** Builds an {@link ExecAdapter}. */
  public static final class Builder {
    /** JVM options that make a small node start fast and stay small (see README figures). */
    public static final List<String> DEFAULT_JVM_OPTIONS =
        List.of(
            // JVM warnings go to stderr: stdout carries the ready line and nothing else.
            "-Xlog:disable",
            "-Xlog:all=warning:stderr",
            // A small node: the C1 compiler alone, one compiler thread, a serial collector that
            // starts with a small heap, small thread stacks, no perf-data file.
            "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1",
            "-XX:+UseSerialGC",
            "-Xms8m",
            // A young generation of a quarter of the heap instead of a third: 0.7 MiB less in an
            // idle node, at the price of a third more minor collections in a busy one.
            "-XX:NewRatio=3",
            "-Xss256k",
            "-XX:-UsePerfData",
            // Compiles a method after 5x the usual calls: what only start-up runs stays
            // interpreted, which saves about 1 MiB of code per child at no cost in start time.
            "-XX:CompileThresholdScaling=5",
            // A node interns about 8,000 strings: 8,192 buckets instead of 65,536 save 450 KiB
            // of table, and the table still grows by itself if a service interns many more.
            "-XX:StringTableSize=8192",
            // An idle child's VM thread checks for a cleanup safepoint every second, and its
            // monitor-deflation thread wakes four times a second: 0.24 ms of CPU a second between
            // them. Every 10 s is often enough for either (both are diagnostic flags of JDK 17+).
            "-XX:+UnlockDiagnosticVMOptions",
            "-XX:GuaranteedSafepointInterval=10000",
            "-XX:AsyncDeflationInterval=10000");

    private final Path baseDir;
    private Path javaExecutable = PARENT_JAVA;
    private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
    private Duration startTimeout = Duration.ofSeconds(10);
    private Duration stopGrace = Duration.ofSeconds(5);
    private final List<Path> classpath = new ArrayList<>();
    private final List<Path> extraClasspath = new ArrayList<>();
    private boolean echoLogs;
    private boolean classDataSharing = true;
    private Path classDataSharingCache;
    private int spares = 1;
    private int parallelStarts = Runtime.getRuntime().availableProcessors();

    private Builder(Path baseDir) {
      this.baseDir = requireNonNull(baseDir, "baseDir").toAbsolutePath();
    }

    /** Replaces the child JVM options. */
    public Builder jvmOptions(List<String> options) {
      this.jvmOptions = List.copyOf(options);
      return this;
    }

    /** Sets how long a child may take to be ready (default 10 s). */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    /** Sets how long a child may take to exit after SIGTERM (default 5 s). */
    public Builder stopGrace(Duration grace) {
      this.stopGrace = grace;
      return this;
    }

    /**
     * Replaces the children's classpath, which by default is the parent's own: the same program on
     * both sides. Class-data sharing needs a classpath of JARs only.
     */
    public Builder classpath(Path... entries) {
      classpath.clear();
      for (Path p : entries) {
        classpath.add(p.toAbsolutePath());
      }
      return this;
    }

    /** Adds classpath entries for the children, e.g. a service JAR. */
    public Builder extraClasspath(Path... entries) {
      for (Path p : entries) {
        extraClasspath.add(p.toAbsolutePath());
      }
      return this;
    }

    /** Copies children's logs to this process's stderr, prefixed with the node name. */
    public Builder echoLogs(boolean on) {
      this.echoLogs = on;
      return this;
    }

    /** Turns the class-data-sharing archive on or off (default on). */
    public Builder classDataSharing(boolean on) {
      this.classDataSharing = on;
      return this;
    }

    /**
     * Where class-data-sharing archives are kept (default: the {@code p2psim.cds.cache} system
     * property, else {@code $XDG_CACHE_HOME/p2psim/cds}, else {@code ~/.cache/p2psim/cds}). The
     * directory is shared: an archive is keyed by the Java runtime, the classpath (each entry's
     * size and time) and the JVM options, so adapters with other base directories, in other JVMs
     * too, reuse it instead of making their own.
     */
    public Builder classDataSharingCache(Path dir) {
      this.classDataSharingCache = requireNonNull(dir, "dir").toAbsolutePath();
      return this;
    }

    /**
     * How many child JVMs to keep started ahead of need (default 1; 0 for none). A spare has
     * booted, loaded its classes and rehearsed a node's start on throwaway loopback sockets; the
     * next node to start takes it and is ready in a fraction of a cold start. Each idle spare holds
     * a child JVM's memory. Spares are launched once a node is up, never while one is starting.
     */
    public Builder spares(int count) {
      this.spares = count;
      return this;
    }

    /**
     * How many children may boot at once (default: this machine's cores). Booting is CPU-bound, so
     * more at once only makes each slower; nodes asked to start beyond this wait their turn. A node
     * taking a spare does not wait.
     */
    public Builder parallelStarts(int count) {
      this.parallelStarts = count;
      return this;
    }

    /** Sets the {@code java} the children run. */
    public Builder javaExecutable(Path java) {
      this.javaExecutable = java;
      return this;
    }

    /** Validates and builds. */
    public ExecAdapter build() {
      return new ExecAdapter(
          new Options(
              baseDir,
              javaExecutable,
              jvmOptions,
              startTimeout,
              stopGrace,
              classpath,
              extraClasspath,
              echoLogs,
              classDataSharing,
              classDataSharingCache,
              spares,
              parallelStarts));
    }
  }
}
