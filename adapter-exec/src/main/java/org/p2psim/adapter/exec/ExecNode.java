package org.p2psim.adapter.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
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
import org.p2psim.rpc.WebSocketRpcClient;
import org.p2psim.snapshot.SimulationApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of an {@link ExecAdapter}: a child JVM running the node host. It can be started, stopped
 * and started again; a child that exits on its own is reported through {@link #onExit(Consumer)}
 * with its exit status.
 */
public final class ExecNode implements Node {
  private static final Logger log = LoggerFactory.getLogger(ExecNode.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STDERR_LINES = 40;

  private final ExecAdapter adapter;
  private final NodeConfig config;
  private final Path dir;
  private final String label;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final List<Consumer<Exit>> exitListeners = new CopyOnWriteArrayList<>();

  // Guarded by this.
  private Process process;
  private boolean stopping;
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
  }

  /** How a child process ended. */
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

  /** The child's pid while it runs. */
  public synchronized java.util.OptionalLong pid() {
    return process == null
        ? java.util.OptionalLong.empty()
        : java.util.OptionalLong.of(process.pid());
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
    if (process != null || (starting != null && !starting.isDone())) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("node " + label + " already started"));
    }
    ObjectNode input = JSON.createObjectNode();
    input.set("node", JSON.valueToTree(config));
    input.put("data_dir", dir.toString());
    ObjectNode snaps = input.putObject("snapshots");
    (snapshots == null ? Map.<String, byte[]>of() : snapshots)
        .forEach((k, v) -> snaps.put(k, Base64.getEncoder().encodeToString(v)));
    input.set("peer_addrs", JSON.valueToTree(adapter.peerAddrs()));
    stopping = false;
    synchronized (stderrTail) {
      stderrTail.clear();
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    starting = done;
    CompletionStage<List<String>> jvmFlags =
        flags != null
            ? CompletableFuture.completedFuture(flags)
            : adapter.cdsReady(config).thenApply(v -> adapter.cdsFlags());
    jvmFlags.whenComplete(
        (f, err) ->
            adapter
                .blocking()
                .execute(() -> launch(input, f == null ? List.of() : f, flags == null, done)));
    if (flags == null) {
      // Once this node is up, a spare is launched to take the place of the one it may have used.
      done.whenComplete((v, err) -> adapter.refillSpares());
    }
    return done;
  }

  private void launch(
      ObjectNode input, List<String> flags, boolean mayTakeSpare, CompletableFuture<Void> done) {
    ExecAdapter.Options o = adapter.options();
    Process spare = mayTakeSpare ? adapter.takeSpare(config) : null;
    Process p;
    Runnable turn = () -> {}; // a spare has booted already: it takes no turn
    if (spare != null) {
      log.debug("node {}: takes spare child pid {}", label, spare.pid());
      p = spare;
    } else {
      try {
        turn = adapter.awaitStartTurn();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(done, null, "interrupted while waiting for its turn to launch");
        return;
      }
      try {
        java.nio.file.Files.createDirectories(dir);
        p =
            new ProcessBuilder(adapter.command(flags, config.logVerbosity()))
                .directory(dir.toFile())
                .start();
      } catch (IOException e) {
        turn.run();
        fail(done, null, "cannot launch " + o.javaExecutable() + ": " + e.getMessage());
        return;
      }
    }
    Runnable endTurn = turn;
    synchronized (this) {
      process = p;
    }
    log.debug("node {}: child pid {} launched", label, p.pid());
    p.onExit().thenAccept(this::onProcessExit);
    readStderr(p);
    CompletableFuture<String> readyLine = readReadyLine(p);
    try {
      OutputStream stdin = p.getOutputStream();
      stdin.write(JSON.writeValueAsBytes(input));
      stdin.write('\n');
      stdin.flush();
      // stdin stays open: the child exits when it closes, i.e. when this JVM dies.
    } catch (IOException e) {
      endTurn.run();
      if (spare != null) {
        // The spare died while idle: launch a child of this node's own instead.
        log.warn("node {}: spare child pid {} is gone ({}); launching one", label, p.pid(), e);
        synchronized (this) {
          process = null; // its exit is not this node's
        }
        p.destroyForcibly();
        launch(input, flags, false, done);
        return;
      }
      fail(done, p, "cannot write the node config to the child: " + e.getMessage());
      return;
    }
    readyLine
        .orTimeout(o.startTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (line, err) -> {
              if (err != null) {
                endTurn.run();
                String why =
                    err instanceof TimeoutException
                        ? "no ready line within " + o.startTimeout().toMillis() + " ms"
                        : "its stdout closed before the ready line";
                fail(done, p, why);
                return;
              }
              onReadyLine(p, line, endTurn, done);
            });
  }

  private void onReadyLine(Process p, String line, Runnable endTurn, CompletableFuture<Void> done) {
    JsonNode ready;
    try {
      ready = JSON.readTree(line);
    } catch (IOException e) {
      endTurn.run();
      fail(done, p, "its first stdout line is not JSON: " + line);
      return;
    }
    if (ready.has("error")) {
      endTurn.run();
      fail(done, p, ready.get("error").asText());
      return;
    }
    wsUrl = ready.path("ws").asText(null);
    enode = ready.path("enode").asText(null);
    endTurn.run(); // booted: the next child may launch
    log.info("node {}: child pid {} ready at {}", label, p.pid(), wsUrl);
    WebSocketRpcClient.connect(adapter.vertx(), wsUrl)
        .thenCompose(
            c -> {
              client = c;
              return c.call("admin_nodeInfo", NodeInfo.class);
            })
        .whenComplete(
            (nodeInfo, err) -> {
              if (err != null) {
                fail(done, p, "cannot reach its RPC at " + wsUrl + ": " + err.getMessage());
                return;
              }
              info = nodeInfo;
              done.complete(null);
            });
  }

  private void fail(CompletableFuture<Void> done, Process p, String why) {
    if (p != null) {
      synchronized (this) {
        stopping = true; // its exit is this failure's doing, reported by start()
      }
      p.destroyForcibly();
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String tail = stderrTail();
    done.completeExceptionally(
        new IllegalStateException(
            "node "
                + label
                + " failed to start: "
                + why
                + (tail.isEmpty() ? "" : "\nlast lines of its stderr:\n" + tail)));
  }

  private CompletableFuture<String> readReadyLine(Process p) {
    CompletableFuture<String> line = new CompletableFuture<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String first = r.readLine();
                // The ready line is a JSON object; anything before it (a JVM warning on a JVM
                // started with other options) is passed on as a log line, not taken for it.
                while (first != null && !first.startsWith("{")) {
                  log.warn("node {}: stdout: {}", label, first);
                  first = r.readLine();
                }
                if (first == null) {
                  line.completeExceptionally(new IOException("stdout closed"));
                  return;
                }
                line.complete(first);
                while (r.readLine() != null) {
                  // the child prints nothing after its ready line
                }
              } catch (IOException e) {
                line.completeExceptionally(e);
              }
            },
            "p2psim-stdout-" + label);
    t.setDaemon(true);
    t.start();
    return line;
  }

  private void readStderr(Process p) {
    boolean echo = adapter.options().echoLogs();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (stderrTail) {
                    stderrTail.add(line);
                    if (stderrTail.size() > STDERR_LINES) {
                      stderrTail.removeFirst();
                    }
                  }
                  if (echo) {
                    System.err.println("[" + label + "] " + line);
                  }
                }
              } catch (IOException e) {
                // the child is gone
              }
            },
            "p2psim-stderr-" + label);
    t.setDaemon(true);
    t.start();
  }

  private String stderrTail() {
    synchronized (stderrTail) {
      return String.join("\n", stderrTail);
    }
  }

  private void onProcessExit(Process p) {
    boolean expected;
    CompletableFuture<Void> stopDone;
    synchronized (this) {
      if (process != p) {
        return;
      }
      expected = stopping;
      process = null;
      stopDone = stopped;
      stopped = null;
    }
    WebSocketRpcClient c = client;
    client = null;
    wsUrl = null;
    if (c != null) {
      c.close();
    }
    Exit exit = new Exit(id(), p.pid(), p.exitValue(), expected, stderrTail());
    lastExit = exit;
    if (expected) {
      log.debug("node {}: child pid {} exited with status {}", label, p.pid(), p.exitValue());
    } else {
      log.warn(
          "node {}: child pid {} exited on its own with status {}", label, p.pid(), p.exitValue());
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
  }

  /**
   * Calls {@code listener} each time the child exits, whether asked to ({@link Exit#expected()}) or
   * on its own (crashed, killed).
   */
  public void onExit(Consumer<Exit> listener) {
    exitListeners.add(listener);
  }

  /** How the child last ended, if it has. */
  public java.util.Optional<Exit> lastExit() {
    return java.util.Optional.ofNullable(lastExit);
  }

  /**
   * Stops the child: SIGTERM (its peers get "client quitting"), then SIGKILL after the grace
   * period. Completes when it has exited; stopping a stopped node does nothing.
   */
  @Override
  public synchronized CompletionStage<Void> stop() {
    if (process == null && starting != null && !starting.isDone()) {
      // Still starting: let the start finish either way, then stop what it started.
      return starting.handle((v, err) -> null).thenCompose(v -> stop());
    }
    if (process == null) {
      return CompletableFuture.completedFuture(null);
    }
    if (stopped != null) {
      return stopped;
    }
    Process p = process;
    stopping = true;
    stopped = new CompletableFuture<>();
    CompletableFuture<Void> result = stopped;
    log.debug("node {}: SIGTERM to child pid {}", label, p.pid());
    p.descendants().forEach(ProcessHandle::destroy);
    // SIGTERM through the handle: Process.destroy() would also close the child's stdin, which
    // the child takes for a dead parent and answers with its quick exit, not the graceful one.
    p.toHandle().destroy();
    long grace = adapter.options().stopGrace().toMillis();
    p.onExit()
        .orTimeout(grace, TimeUnit.MILLISECONDS)
        .whenComplete(
            (v, err) -> {
              if (err != null) {
                log.warn(
                    "node {}: child pid {} ignored SIGTERM for {} ms; killing it",
                    label,
                    p.pid(),
                    grace);
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
              }
            });
    return result;
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

  @Override
  public NodeInfo nodeInfo() {
    NodeInfo i = info;
    if (i != null && isUp()) {
      return i;
    }
    return new NodeInfo(id().hex(), config.name(), addr(), null, null, null, null, Map.of());
  }

  @Override
  public String addr() {
    String e = enode;
    // Before the first start the port is not known yet: the incomplete form, key only.
    return e != null
        ? e
        : "enode://" + org.p2psim.p2p.NodeKey.parse(config.privateKey()).publicKeyHex();
  }

  @Override
  public String toString() {
    return "exec node " + label;
  }
}
