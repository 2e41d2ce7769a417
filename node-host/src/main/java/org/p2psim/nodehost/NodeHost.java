package org.p2psim.nodehost;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.nodehost.internal.NodeLogProvider;
import org.p2psim.snapshot.SimulationApi;
import org.slf4j.Logger;

/**
 * The node-host process: the {@code main} of every child JVM the exec adapter starts, and {@code
 * p2psim node-host}.
 *
 * <ul>
 *   <li>stdin: one JSON document, {@link NodeHostInput};
 *   <li>stdout: one ready line {@code {"id":..,"enode":..,"ws":..}} ({@code "ws":null} for a node
 *       without an RPC socket, {@code stack.rpc_port} -1), or {@code {"error":..}} and exit status
 *       1 (2 for unreadable input);
 *   <li>logs: stderr and {@code <data_dir>/node.log}, or the node's {@code logfile};
 *   <li>stops gracefully on SIGTERM and when stdin reaches end of file, so a parent that dies
 *       leaves no orphan.
 * </ul>
 *
 * <p>This class runs the process's life; {@link HostProtocol} reads the input and writes the lines,
 * {@link HostLogging} sets up the logs, and {@link Preparation} is the start-up lane that works
 * ahead of the input.
 */
public final class NodeHost {
  /**
   * A system property with the log verbosity (0–5) the parent will also put in the node's config;
   * with it the child prepares Vert.x before its input arrives.
   */
  public static final String LOG_VERBOSITY_PROPERTY = "p2psim.logVerbosity";

  private NodeHost() {}

  /** Runs a node host on this process's stdin, stdout and stderr. */
  public static void main(String[] args) {
    PrintStream stdout = System.out;
    // Only the ready line goes to stdout; anything else printed there would break the protocol.
    System.setOut(System.err);
    defaultProperty("io.netty.jfr.enabled", "false");
    defaultProperty("vertx.disableDnsResolver", "true");
    // A child logs through the node host's own provider, whatever its classpath holds (a project
    // that depends on p2psim-adapter-exec has none), and SLF4J says nothing about choosing it.
    defaultProperty("slf4j.provider", NodeLogProvider.class.getName());
    defaultProperty("slf4j.internal.verbosity", "WARN");
    int status = run(System.in, stdout);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Sets a library switch unless the command line did. Netty's buffer events would make JFR build
   * its whole event metadata in every node, and Vert.x's own DNS resolver is a second resolver
   * beside the JDK's that nodes, which dial IP addresses, do not need: 3.8 MiB of an idle child.
   */
  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  /**
   * Starts the node described on {@code in}, prints the ready line on {@code out}, then watches
   * {@code in} for end of file. Returns 0 once the node is up, or the failure status.
   */
  static int run(InputStream in, PrintStream out) {
    // Start-up runs in two lanes (see Preparation): what needs no input is prepared on a second
    // thread while this one reads stdin. A child whose parent gave its log verbosity on the
    // command line also prepares Vert.x early: Vert.x and Netty fix the log level when they first
    // log, so it must be known before.
    Integer presetVerbosity = Integer.getInteger(LOG_VERBOSITY_PROPERTY);
    if (presetVerbosity != null) {
      HostLogging.setLevel(presetVerbosity);
    }
    Preparation prep = Preparation.start(presetVerbosity != null);
    NodeHostInput input;
    try {
      input = HostProtocol.readInput(in);
      if (input == null) {
        throw new IllegalArgumentException("stdin is empty: expected one JSON document");
      }
    } catch (IOException | RuntimeException e) {
      HostProtocol.printError(out, "bad node-host input: " + firstLine(e));
      prep.abandon();
      return 2;
    }
    prep.inputRead();
    // From here on a SIGTERM, even one during the start, stops what runs and removes a temp dir.
    Shutdown shutdown = new Shutdown();
    Runtime.getRuntime().addShutdownHook(new Thread(shutdown::run, "p2psim-node-stop"));
    Path dataDir;
    boolean tempDir = input.dataDir() == null;
    try {
      dataDir =
          tempDir
              ? shutdown.tempDir(Files.createTempDirectory("p2psim-node-"))
              : Files.createDirectories(Path.of(input.dataDir()));
    } catch (IOException | RuntimeException e) {
      HostProtocol.printError(out, "cannot use data_dir " + input.dataDir() + ": " + describe(e));
      prep.abandon();
      return 1;
    }
    String logFile = input.node().logFile();
    try {
      if (presetVerbosity == null) {
        HostLogging.setLevel(input.node().logVerbosity());
      }
      HostLogging.copyStderrTo(logFile != null ? Path.of(logFile) : dataDir.resolve("node.log"));
    } catch (IOException | RuntimeException e) {
      HostProtocol.printError(
          out,
          "cannot use "
              + (logFile != null ? "logfile " + logFile : "data_dir " + dataDir)
              + ": "
              + describe(e));
      prep.abandon();
      if (tempDir) {
        deleteQuietly(dataDir);
      }
      return 1;
    }
    Logger log = HostLogging.logger();
    if (presetVerbosity != null && presetVerbosity != input.node().logVerbosity()) {
      log.warn(
          "log_verbosity {} ignored: this process logs at {}, as -D{} says",
          input.node().logVerbosity(),
          presetVerbosity,
          LOG_VERBOSITY_PROPERTY);
    }
    prep.startVertx();
    Vertx vertx = null;
    NodeStack stack;
    try {
      NodeConfig node = NodeStack.withKey(input.node());
      Map<NodeId, String> peers = new LinkedHashMap<>();
      if (input.peerAddrs() != null) {
        input
            .peerAddrs()
            .forEach(
                (id, url) -> {
                  if (!url.isEmpty()) { // go-ethereum sends "" for a node not up yet: no address
                    peers.put(NodeId.parse(id), url);
                  }
                });
      }
      NodeHostInput.Stack opts = input.stack();
      NodeStackConfig config =
          new NodeStackConfig(
              node,
              SimulationApi.decode(input.snapshots()),
              peers,
              dataDir,
              opts == null || opts.host() == null ? "127.0.0.1" : opts.host(),
              opts == null || opts.rpcPort() == null ? 0 : opts.rpcPort());
      ServiceRegistry registry = ServiceRegistry.load();
      vertx = prep.vertx();
      stack = NodeStack.create(vertx, config, registry, new PeerAddrDialer(vertx, peers));
      stack.start().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      log.error("node failed to start: {}", firstLine(cause), cause);
      HostProtocol.printError(out, firstLine(cause));
      Preparation.close(vertx != null ? vertx : prep.vertxIfReady());
      if (tempDir) {
        deleteQuietly(dataDir); // a directory of our own making; its log went to stderr too
      }
      return 1;
    }
    shutdown.running(stack, vertx, log);
    out.println(HostProtocol.readyLine(stack));
    out.flush();
    watchStdin(in, stack, tempDir ? dataDir : null, log);
    return 0;
  }

  /**
   * The shutdown hook's work: stop the node gracefully once one runs, close its Vert.x, and remove
   * the data dir if it is a temp dir of our own making.
   */
  private static final class Shutdown {
    private volatile Path tempDir;
    private volatile NodeStack stack;
    private volatile Vertx vertx;
    private volatile Logger log;

    /** Remembers the temp dir the host made, and returns it. */
    Path tempDir(Path dir) {
      tempDir = dir;
      return dir;
    }

    void running(NodeStack stack, Vertx vertx, Logger log) {
      this.log = log;
      this.vertx = vertx;
      this.stack = stack;
    }

    void run() {
      NodeStack s = stack;
      if (s != null) {
        log.info("node {} stopping", s.id().shortHex());
        try {
          s.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
          log.warn("node did not stop cleanly: {}", firstLine(e));
        }
        Preparation.close(vertx);
      }
      Path dir = tempDir;
      if (dir != null) {
        deleteQuietly(dir);
      }
    }
  }

  /** What went wrong with a file or directory, in a few words. */
  private static String describe(Exception e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return firstLine(e);
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

  private static String firstLine(Throwable e) {
    return HostProtocol.firstLine(e);
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
