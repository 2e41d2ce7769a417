package org.p2psim.nodehost;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.snapshot.SimulationApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node-host process: the {@code main} of every child JVM the exec adapter starts, and {@code
 * p2psim node-host}.
 *
 * <ul>
 *   <li>stdin: one JSON document, {@link NodeHostInput};
 *   <li>stdout: one ready line {@code {"id":..,"enode":..,"ws":..}}, or {@code {"error":..}} and
 *       exit status 1 (2 for unreadable input);
 *   <li>logs: stderr and {@code <data_dir>/node.log};
 *   <li>stops gracefully on SIGTERM and when stdin reaches end of file, so a parent that dies
 *       leaves no orphan.
 * </ul>
 */
public final class NodeHost {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          .configure(JsonParser.Feature.AUTO_CLOSE_SOURCE, false);

  private NodeHost() {}

  /** Runs a node host on this process's stdin, stdout and stderr. */
  public static void main(String[] args) {
    PrintStream stdout = System.out;
    // Only the ready line goes to stdout; anything else printed there would break the protocol.
    System.setOut(System.err);
    int status = run(System.in, stdout);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Starts the node described on {@code in}, prints the ready line on {@code out}, then watches
   * {@code in} for end of file. Returns 0 once the node is up, or the failure status.
   */
  static int run(InputStream in, PrintStream out) {
    NodeHostInput input;
    JsonParser parser;
    try {
      parser = JSON.createParser(in);
      input = JSON.readValue(parser, NodeHostInput.class);
      if (input == null) {
        throw new IllegalArgumentException("stdin is empty: expected one JSON document");
      }
    } catch (IOException | RuntimeException e) {
      printError(out, "bad node-host input: " + firstLine(e));
      return 2;
    }
    Path dataDir;
    boolean tempDir = input.dataDir() == null;
    try {
      dataDir =
          tempDir
              ? Files.createTempDirectory("p2psim-node-")
              : Files.createDirectories(Path.of(input.dataDir()));
      setUpLogging(dataDir, input.node());
    } catch (IOException | RuntimeException e) {
      printError(out, "cannot use data_dir " + input.dataDir() + ": " + firstLine(e));
      return 1;
    }
    Logger log = LoggerFactory.getLogger(NodeHost.class);
    // Vert.x takes ~100 ms to come up: build it on a second thread while this one derives the
    // key (BouncyCastle's curve set-up) and finds the services. Logging is set up by now.
    CompletableFuture<Vertx> vertxReady = new CompletableFuture<>();
    Thread vertxInit =
        new Thread(
            () -> {
              try {
                vertxReady.complete(
                    Vertx.vertx(
                        new VertxOptions()
                            .setEventLoopPoolSize(1)
                            .setWorkerPoolSize(2)
                            .setInternalBlockingPoolSize(2)
                            .setFileSystemOptions(
                                new FileSystemOptions()
                                    .setFileCachingEnabled(false)
                                    .setClassPathResolvingEnabled(false))));
              } catch (RuntimeException | Error e) {
                vertxReady.completeExceptionally(e);
              }
            },
            "p2psim-vertx-init");
    vertxInit.start();
    Vertx vertx = null;
    NodeStack stack;
    try {
      NodeConfig node = NodeStack.withKey(input.node());
      Map<NodeId, String> peers = new LinkedHashMap<>();
      if (input.peerAddrs() != null) {
        input.peerAddrs().forEach((id, url) -> peers.put(NodeId.parse(id), url));
      }
      NodeHostInput.Stack opts = input.stack();
      ServiceRegistry registry = ServiceRegistry.load();
      NodeStackConfig config =
          new NodeStackConfig(
              node,
              SimulationApi.decode(input.snapshots()),
              peers,
              dataDir,
              opts == null || opts.host() == null ? "127.0.0.1" : opts.host(),
              opts == null || opts.rpcPort() == null ? 0 : opts.rpcPort());
      vertx = vertxReady.get(30, TimeUnit.SECONDS);
      stack = NodeStack.create(vertx, config, registry, new PeerAddrDialer(vertx, peers));
      stack.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      log.error("node failed to start: {}", firstLine(cause), cause);
      printError(out, firstLine(cause));
      closeQuietly(vertx != null ? vertx : vertxReady.getNow(null));
      return 1;
    }
    NodeStack running = stack;
    Vertx runningVertx = vertx;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("node {} stopping", running.id().shortHex());
                  try {
                    running.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    log.warn("node did not stop cleanly: {}", firstLine(e));
                  }
                  closeQuietly(runningVertx);
                  if (tempDir) {
                    deleteQuietly(dataDir);
                  }
                },
                "p2psim-node-stop"));
    Map<String, String> ready = new LinkedHashMap<>();
    ready.put("id", stack.id().hex());
    ready.put("enode", stack.enode().toString());
    ready.put("ws", stack.wsUrl());
    try {
      out.println(JSON.writeValueAsString(ready));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
    watchStdin(in, running, tempDir ? dataDir : null, log);
    return 0;
  }

  /**
   * Exits when stdin reaches end of file: the parent has gone (or closed it to stop us). There is
   * nobody to wait for, so this is quick: peers are told "client quitting", then the process halts,
   * well within the 2 s in which a dead parent's children must be gone. A SIGTERM instead runs the
   * full, graceful stop of the shutdown hook.
   */
  private static void watchStdin(InputStream in, NodeStack stack, Path tempDir, Logger log) {
    Thread t =
        new Thread(
            () -> {
              byte[] sink = new byte[256];
              try {
                while (in.read(sink) >= 0) {
                  // input after the document is ignored
                }
              } catch (IOException e) {
                // a broken pipe means the same as end of file
              }
              log.info("stdin closed; exiting");
              try {
                stack.p2p().stop().toCompletableFuture().get(500, TimeUnit.MILLISECONDS);
              } catch (Exception e) {
                // exiting anyway
              }
              if (tempDir != null) {
                deleteQuietly(tempDir);
              }
              System.err.flush();
              Runtime.getRuntime().halt(0);
            },
            "p2psim-stdin-watch");
    t.setDaemon(true);
    t.start();
  }

  /** Logs go to stderr and to {@code node.log}, at the config's verbosity (SLF4J simple). */
  private static void setUpLogging(Path dataDir, NodeConfig node) throws IOException {
    String[] levels = {"off", "error", "warn", "info", "debug", "trace"};
    System.setProperty(
        "org.slf4j.simpleLogger.defaultLogLevel", levels[node == null ? 3 : node.logVerbosity()]);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    Path logFile =
        node != null && node.logFile() != null
            ? Path.of(node.logFile())
            : dataDir.resolve("node.log");
    OutputStream file =
        Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(new Tee(stderr, file), true, StandardCharsets.UTF_8));
  }

  private static void printError(PrintStream out, String message) {
    try {
      out.println(JSON.writeValueAsString(Map.of("error", message)));
    } catch (IOException e) {
      out.println("{\"error\":\"node-host failed\"}");
    }
    out.flush();
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  private static void closeQuietly(Vertx vertx) {
    if (vertx == null) {
      return; // still coming up; the process exits anyway
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // exiting anyway
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
