package org.p2psim.adapter.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.p2psim.api.Node;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcConnection;
import org.p2psim.api.Version;
import org.p2psim.nodehost.NodeStack;
import org.p2psim.rpc.WebSocketRpcClient;
import org.p2psim.snapshot.SimulationApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of an {@link ExecAdapter}: a child JVM running the node host. It can be started, stopped
 * and started again; a child that exits on its own is reported through {@link #onExit(Consumer)}
 * with its exit status.
 *
 * <p>A start that fails has cleared the node's state (no child, no pid) before its future fails, so
 * the node may be started again from the future's callback.
 */
public final class ExecNode implements Node {
  private static final Logger log = LoggerFactory.getLogger(ExecNode.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANCELLED = "the start was cancelled by stop()";

  /** How long a child that printed its error line may take to exit with its own status. */
  private static final Duration OWN_EXIT = Duration.ofSeconds(2);

  private final ExecAdapter adapter;
  private final NodeConfig config;
  private final Path dir;
  private final String label;
  private final NodeInfo downInfo; // what it reports while down
  private final List<Consumer<Exit>> exitListeners = new CopyOnWriteArrayList<>();

  // Guarded by this.
  private ChildProcess child;
  private CompletableFuture<ChildProcess> childGone;
  private boolean stopping;
  private boolean cancelled;
  private CompletableFuture<Void> starting;
  private CompletableFuture<Void> stopped;

  private volatile WebSocketRpcClient client;
  private volatile String wsUrl;
  private volatile String enode;
  private volatile NodeInfo info;
  private volatile Exit lastExit;

  ExecNode(ExecAdapter adapter, NodeConfig config, Path dir) {
    this.adapter = adapter;
    this.config = config;
    this.dir = dir;
    this.label = config.name() != null ? config.name() : config.id().shortHex();
    this.downInfo = NodeStack.downInfo(config);
  }

  /**
   * How a child process ended.
   *
   * @param id the node's id
   * @param pid the child's pid
   * @param status its exit status (137 for SIGKILL)
   * @param expected whether it was asked to end: a stop, or a failed start
   * @param lastStderr the last lines it wrote on stderr
   */
  public record Exit(NodeId id, long pid, int status, boolean expected, String lastStderr) {}

  @Override
  public NodeId id() {
    return config.id();
  }

  @Override
  public NodeConfig config() {
    return config;
  }

  /** The node's directory, its {@code data_dir}: {@code node.log} and its services' files. */
  public Path dir() {
    return dir;
  }

  /**
   * Whether the adapter holds a newer node for this id; the archive's training nodes, which it does
   * not hold, never are.
   */
  private boolean replaced() {
    ExecNode current = adapter.current(id());
    return current != null && current != this;
  }

  /**
   * Whether a start is in progress that may still bring a child up: one a stop cancelled launches
   * nothing more, and its child (if any) shows in {@link #pid()} until it has exited.
   */
  synchronized boolean isStarting() {
    return starting != null && !starting.isDone() && !cancelled;
  }

  /** The child's pid while it runs. */
  public synchronized OptionalLong pid() {
    return child == null ? OptionalLong.empty() : OptionalLong.of(child.pid());
  }

  @Override
  public boolean isUp() {
    return client != null;
  }

  @Override
  public CompletionStage<Void> start(Map<String, byte[]> snapshots) {
    return start(snapshots, null);
  }

  /** Starts with these extra JVM flags, or with the adapter's class-data-sharing flags if null. */
  synchronized CompletionStage<Void> start(Map<String, byte[]> snapshots, List<String> flags) {
    if (adapter.isClosed()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("node " + label + " cannot start: its adapter is closed"));
    }
    if (child != null || (starting != null && !starting.isDone())) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("node " + label + " already started"));
    }
    if (replaced()) {
      return CompletableFuture.failedFuture(
          new IllegalStateException(
              "node " + label + " was replaced by a newer node with its id; start that one"));
    }
    ObjectNode input = JSON.createObjectNode();
    NodeConfig sent = config;
    if (config.logFile() != null && !Path.of(config.logFile()).isAbsolute()) {
      // Against the node's directory, as a child launched there would: a spare runs elsewhere.
      sent = config.toBuilder().logFile(dir.resolve(config.logFile()).toString()).build();
    }
    input.set("node", JSON.valueToTree(sent));
    input.put("data_dir", dir.toString());
    ObjectNode snaps = input.putObject("snapshots");
    (snapshots == null ? Map.<String, byte[]>of() : snapshots)
        .forEach((k, v) -> snaps.put(k, Base64.getEncoder().encodeToString(v)));
    input.set("peer_addrs", JSON.valueToTree(adapter.peerAddrs()));
    byte[] document;
    try {
      document = JSON.writeValueAsBytes(input);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    stopping = false;
    cancelled = false;
    CompletableFuture<Void> done = new CompletableFuture<>();
    starting = done;
    CompletionStage<List<String>> jvmFlags =
        flags != null
            ? CompletableFuture.completedFuture(flags)
            : adapter.cdsReady(config).thenApply(v -> adapter.cdsFlags());
    jvmFlags.whenComplete(
        (f, err) ->
            adapter.runBlocking(
                () -> launch(document, f == null ? List.of() : f, flags == null, done)));
    if (flags == null) {
      // Once this node is up, a spare is launched to take the place of the one it may have used.
      done.whenComplete((v, err) -> adapter.spares().refill());
    }
    return done;
  }

  /** On a worker thread: takes a spare or launches a child, and hands it the node's input. */
  private void launch(
      byte[] document, List<String> flags, boolean mayTakeSpare, CompletableFuture<Void> done) {
    if (isCancelled()) {
      fail(done, null, CANCELLED);
      return;
    }
    if (adapter.isClosed()) {
      fail(done, null, "its adapter closed before the child was launched");
      return;
    }
    if (replaced()) {
      fail(done, null, "it was replaced by a newer node with its id");
      return;
    }
    Process spare = mayTakeSpare ? adapter.spares().take(config) : null;
    Process p;
    Runnable turn = () -> {}; // a spare has booted already: it takes no turn
    if (spare != null) {
      log.debug("node {}: takes spare child pid {}", label, spare.pid());
      p = spare;
    } else {
      try {
        turn = adapter.startGate().awaitTurn();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(done, null, "interrupted while waiting for its turn to launch");
        return;
      }
      try {
        Files.createDirectories(dir);
        p =
            new ProcessBuilder(adapter.command(flags, config.logVerbosity()))
                .directory(dir.toFile())
                .start();
      } catch (IOException e) {
        turn.run();
        fail(
            done,
            null,
            "cannot launch " + adapter.options().javaExecutable() + ": " + e.getMessage());
        return;
      }
    }
    Runnable endTurn = turn;
    ChildProcess c = ChildProcess.of(p, label, adapter.options().echoLogs());
    synchronized (this) {
      if (cancelled) {
        endTurn.run();
        c.kill();
        fail(done, null, CANCELLED);
        return;
      }
      child = c;
      childGone = c.ended().thenApply(this::onChildExit);
    }
    log.debug("node {}: child pid {} launched", label, p.pid());
    try {
      c.writeInput(document);
    } catch (IOException e) {
      endTurn.run();
      if (spare != null) {
        // The spare died while idle: launch a child of this node's own instead.
        log.warn("node {}: spare child pid {} is gone ({}); launching one", label, p.pid(), e);
        CompletableFuture<Void> stopDone;
        synchronized (this) {
          child = null; // its exit is not this node's
          childGone = null;
          stopDone = stopped; // a stop() that came meanwhile signalled the dead spare
          stopped = null;
          stopping = false;
        }
        c.kill();
        if (stopDone != null) {
          stopDone.complete(null); // nothing runs; the relaunch sees the stop and fails the start
        }
        launch(document, flags, false, done);
        return;
      }
      fail(done, c, "cannot write the node config to the child: " + e.getMessage());
      return;
    }
    Duration timeout = adapter.options().startTimeout();
    c.readyLine()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (line, err) -> {
              if (err != null) {
                endTurn.run();
                String why =
                    isCancelled()
                        ? CANCELLED
                        : err instanceof TimeoutException
                            ? "no ready line within " + timeout.toMillis() + " ms"
                            : "its stdout closed before the ready line";
                fail(done, c, why);
                return;
              }
              onReadyLine(c, line, endTurn, done);
            });
  }

  private void onReadyLine(
      ChildProcess c, String line, Runnable endTurn, CompletableFuture<Void> done) {
    JsonNode ready;
    try {
      ready = JSON.readTree(line);
    } catch (IOException e) {
      endTurn.run();
      fail(done, c, "its first stdout line is not JSON: " + line);
      return;
    }
    if (ready.has("error")) {
      endTurn.run();
      // It exits by itself with its own status; killed only if it does not, after a bound.
      c.killUnlessExitedWithin(OWN_EXIT, "did not exit after its error line");
      failWhenGone(done, c, ready.get("error").asText());
      return;
    }
    String ws = ready.path("ws").asText(null);
    String url = ready.path("enode").asText(null);
    wsUrl = ws; // booted, before the next child may launch: wsUrl marks a booted child
    endTurn.run();
    log.info("node {}: child pid {} ready at {}", label, c.pid(), ws);
    CompletionStage<WebSocketRpcClient> connecting;
    try {
      connecting = WebSocketRpcClient.connect(adapter.vertx(), ws);
    } catch (RuntimeException e) { // the adapter's Vert.x is closed: nothing may keep the child
      fail(done, c, "cannot reach its RPC at " + ws + ": " + e);
      return;
    }
    connecting.whenComplete(
        (rpc, err) -> {
          if (err != null) {
            fail(done, c, "cannot reach its RPC at " + ws + ": " + err.getMessage());
            return;
          }
          rpc.call("admin_nodeInfo", NodeInfo.class)
              .whenComplete(
                  (nodeInfo, callErr) -> {
                    if (callErr != null) {
                      rpc.close();
                      fail(done, c, "cannot reach its RPC at " + ws + ": " + callErr);
                      return;
                    }
                    up(c, rpc, url, nodeInfo, done);
                  });
        });
  }

  private void up(
      ChildProcess c,
      WebSocketRpcClient rpc,
      String url,
      NodeInfo nodeInfo,
      CompletableFuture<Void> done) {
    synchronized (this) {
      if (cancelled || child != c) {
        rpc.close();
        fail(done, c, cancelled ? CANCELLED : "it exited while its RPC was being reached");
        return;
      }
      enode = url;
      info = nodeInfo;
      client = rpc;
    }
    done.complete(null);
  }

  /**
   * Fails a start: the child, if there is one, is killed (unless a stop() is already ending it),
   * and the start's future fails once the child's exit has cleared the node's state, so that a
   * caller may start the node again from the future's callback. Nothing here blocks.
   */
  private void fail(CompletableFuture<Void> done, ChildProcess c, String why) {
    // Called from event-loop threads too: signalling walks the process tree, so not there.
    adapter.runBlocking(() -> killAndFail(done, c, why));
  }

  private void killAndFail(CompletableFuture<Void> done, ChildProcess c, String why) {
    if (c != null) {
      boolean stopAsked;
      synchronized (this) {
        stopAsked = cancelled;
      }
      if (!stopAsked) {
        c.kill();
      }
    }
    failWhenGone(done, c, why);
  }

  private void failWhenGone(CompletableFuture<Void> done, ChildProcess c, String why) {
    CompletableFuture<?> gone;
    synchronized (this) {
      if (c != null && child == c) {
        stopping = true; // its exit is this failure's doing, reported by start()
      }
      gone = c != null && child == c && childGone != null ? childGone : null;
    }
    if (gone == null) {
      gone = c == null ? CompletableFuture.completedFuture(null) : c.ended().handle((v, e) -> null);
    }
    long bound = adapter.options().stopGrace().toMillis() + OWN_EXIT.toMillis() + 5000;
    gone.handle((v, e) -> null)
        .completeOnTimeout(null, bound, TimeUnit.MILLISECONDS)
        .thenRun(
            () -> {
              String tail = c == null || why.equals(CANCELLED) ? "" : c.stderrTail();
              done.completeExceptionally(
                  new IllegalStateException(
                      "node "
                          + label
                          + " failed to start: "
                          + why
                          + (tail.isEmpty() ? "" : "\nlast lines of its stderr:\n" + tail)));
            });
  }

  private synchronized boolean isCancelled() {
    return cancelled;
  }

  /** Clears the node's state for a child that has exited, then tells the listeners. */
  private ChildProcess onChildExit(ChildProcess c) {
    boolean expected;
    CompletableFuture<Void> stopDone;
    WebSocketRpcClient rpc;
    synchronized (this) {
      if (child != c) {
        return c;
      }
      // An exit during a start is the start's failure, which start() reports.
      expected = stopping || (starting != null && !starting.isDone());
      child = null;
      childGone = null;
      stopDone = stopped;
      stopped = null;
      rpc = client;
      client = null;
      wsUrl = null;
      enode = null;
      info = null;
    }
    if (rpc != null) {
      rpc.close();
    }
    Exit exit = new Exit(id(), c.pid(), c.exitStatus(), expected, c.stderrTail());
    lastExit = exit;
    if (expected) {
      log.debug("node {}: child pid {} exited with status {}", label, c.pid(), exit.status());
    } else {
      log.warn(
          "node {}: child pid {} exited on its own with status {}", label, c.pid(), exit.status());
    }
    for (Consumer<Exit> l : exitListeners) {
      try {
        l.accept(exit);
      } catch (RuntimeException e) {
        log.warn("an exit listener of node {} failed", label, e);
      }
    }
    if (stopDone != null) {
      stopDone.complete(null);
    }
    return c;
  }

  /**
   * Calls {@code listener} each time the child exits, whether asked to ({@link Exit#expected()}) or
   * on its own (crashed, killed).
   */
  public void onExit(Consumer<Exit> listener) {
    exitListeners.add(listener);
  }

  /** How the child last ended, if it has. */
  public Optional<Exit> lastExit() {
    return Optional.ofNullable(lastExit);
  }

  /**
   * Stops the child: SIGTERM (its peers get "client quitting"), then SIGKILL after the grace
   * period. Completes when it has exited; stopping a stopped node does nothing. A start in progress
   * is cancelled: its future fails saying so.
   */
  @Override
  public synchronized CompletionStage<Void> stop() {
    boolean startInProgress = starting != null && !starting.isDone();
    if (startInProgress) {
      cancelled = true;
      if (child == null) {
        // Not launched yet: the launch sees the cancellation and fails the start.
        return starting.handle((v, err) -> null).thenCompose(v -> stop());
      }
    }
    if (child == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (stopped != null) {
      return stopped;
    }
    stopping = true;
    stopped = new CompletableFuture<>();
    child.terminate(adapter.options().stopGrace());
    return stopped;
  }

  @Override
  public RpcClient client() {
    RpcClient c = client;
    if (c == null) {
      throw new IllegalStateException("node " + label + " is not up");
    }
    return c;
  }

  /** The child's RPC WebSocket URL while it runs. */
  public String wsUrl() {
    return wsUrl;
  }

  @Override
  public void serveRpc(RpcConnection connection) {
    String url = wsUrl;
    if (url == null) {
      connection.close();
      throw new IllegalStateException("node " + label + " is not up");
    }
    WebSocketBridge.bridge(adapter.vertx(), url, connection);
  }

  @Override
  public CompletionStage<Map<String, byte[]>> snapshots() {
    RpcClient c = client;
    if (c == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("node " + label + " is not up"));
    }
    return c.call("simulation_snapshot", Map.class)
        .thenApply(
            m -> {
              @SuppressWarnings("unchecked")
              Map<String, String> b64 = (Map<String, String>) m;
              return SimulationApi.decode(b64);
            });
  }

  /**
   * From {@code admin_nodeInfo} when up; when down, the node's id, name and key and nothing else:
   * {@code name} is the client id it announces when up ({@link Version#clientId}, which holds its
   * config name), {@code enode} is {@code enode://<128 hex public key>}, without an address.
   */
  @Override
  public NodeInfo nodeInfo() {
    NodeInfo i = info;
    if (i != null && isUp()) {
      return i;
    }
    return downInfo;
  }

  /**
   * The node's enode URL, with the address it listens on.
   *
   * @throws IllegalStateException when the node is down: it has no address then
   */
  @Override
  public String addr() {
    String e = enode;
    if (e == null || !isUp()) {
      throw new IllegalStateException(
          "node " + label + " is down: it has no address until it is started");
    }
    return e;
  }

  @Override
  public String toString() {
    return "exec node " + label;
  }
}
