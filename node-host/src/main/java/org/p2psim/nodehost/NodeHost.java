package org.p2psim.nodehost;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.URI;
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
import org.p2psim.nodehost.internal.JsonRecordReader;
import org.p2psim.nodehost.internal.NodeLogProvider;
import org.p2psim.p2p.NodeKey;
import org.p2psim.p2p.P2pConfig;
import org.p2psim.p2p.P2pServer;
import org.p2psim.p2p.crypto.Secp256k1;
import org.p2psim.rpc.RpcHttpServer;
import org.p2psim.rpc.RpcServer;
import org.p2psim.snapshot.SimulationApi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

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
    // Start-up runs in two lanes: what needs no input (Vert.x, the input reader, the curve maths)
    // is prepared on a second thread while this one reads stdin. A child
    // whose parent gave its log verbosity on the command line also prepares Vert.x early: Vert.x
    // and Netty fix the log level when they first log, so it must be known before.
    Integer presetVerbosity = Integer.getInteger(LOG_VERBOSITY_PROPERTY);
    if (presetVerbosity != null) {
      setLogLevel(presetVerbosity);
    }
    Preparation prep = Preparation.start(presetVerbosity != null);
    NodeHostInput input;
    try {
      input = readInput(in);
      if (input == null) {
        throw new IllegalArgumentException("stdin is empty: expected one JSON document");
      }
    } catch (IOException | RuntimeException e) {
      printError(out, "bad node-host input: " + firstLine(e));
      prep.abandon();
      return 2;
    }
    prep.inputRead();
    Path dataDir;
    boolean tempDir = input.dataDir() == null;
    try {
      dataDir =
          tempDir
              ? Files.createTempDirectory("p2psim-node-")
              : Files.createDirectories(Path.of(input.dataDir()));
    } catch (IOException | RuntimeException e) {
      printError(out, "cannot use data_dir " + input.dataDir() + ": " + firstLine(e));
      prep.abandon();
      return 1;
    }
    try {
      if (presetVerbosity == null) {
        setLogLevel(input.node().logVerbosity());
      }
      logToFile(dataDir, input.node());
    } catch (IOException | RuntimeException e) {
      printError(out, "cannot use data_dir " + dataDir + ": " + firstLine(e));
      prep.abandon();
      if (tempDir) {
        deleteQuietly(dataDir);
      }
      return 1;
    }
    Logger log = logger();
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
        input.peerAddrs().forEach((id, url) -> peers.put(NodeId.parse(id), url));
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
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      log.error("node failed to start: {}", firstLine(cause), cause);
      printError(out, firstLine(cause));
      closeQuietly(vertx != null ? vertx : prep.vertxIfReady());
      if (tempDir) {
        deleteQuietly(dataDir); // a directory of our own making; its log went to stderr too
      }
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
    out.println(jsonObject(ready));
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

  /** Logs go to stderr (and {@link #logToFile}) at this verbosity, 0 (off) to 5 (trace). */
  private static void setLogLevel(int verbosity) {
    int v = Math.max(0, Math.min(5, verbosity));
    String[] levels = {"off", "error", "warn", "info", "debug", "trace"};
    Level[] slf4jLevels = {null, Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE};
    NodeLogProvider.level(slf4jLevels[v]);
    // The same for slf4j-simple, for a command line that names it with -Dslf4j.provider.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", levels[v]);
    System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
  }

  /** Copies stderr, and so the logs, to the config's log file or {@code <dataDir>/node.log}. */
  private static void logToFile(Path dataDir, NodeConfig node) throws IOException {
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
    out.println(jsonObject(Map.of("error", message)));
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

  /**
   * This class's logger, made under a lock: when two threads start SLF4J at once, a logger asked
   * for while the other thread finishes starting it is one that drops every message (SLF4J's
   * substitute loggers), which lost the main lane's log lines under load.
   */
  private static synchronized Logger logger() {
    return LoggerFactory.getLogger(NodeHost.class);
  }

  /**
   * An input with every field, in the shape the exec adapter writes, which a spare child reads once
   * so that the input's classes are loaded and its reflection is done before the real input
   * arrives.
   */
  static final String SAMPLE_INPUT =
      """
      {"node":{"id":null,"private_key":null,"name":"sample","services":["pingpong"],
      "properties":["interval=100"],"enable_msg_events":true,"port":0,"logfile":null,
      "log_verbosity":3},"data_dir":"/sample","snapshots":{"pingpong":"AA=="},
      "peer_addrs":{},"stack":{"host":"127.0.0.1","rpc_port":0}}""";

  static NodeHostInput readSampleInput() throws IOException {
    return readInput(new ByteArrayInputStream(SAMPLE_INPUT.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Reads the one input document, leaving {@code in} open and unread past it: what follows is
   * watched for end of file. Read without databind, which would cost the node some 6 MiB.
   *
   * @return the input, or null when {@code in} is empty
   */
  static NodeHostInput readInput(InputStream in) throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      return JsonRecordReader.read(parser, NodeHostInput.class);
    }
  }

  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.AUTO_CLOSE_SOURCE).build();

  /** A flat JSON object of strings, for the ready and error lines. */
  private static String jsonObject(Map<String, String> fields) {
    StringBuilder b = new StringBuilder("{");
    JsonStringEncoder quote = JsonStringEncoder.getInstance();
    fields.forEach(
        (k, v) -> {
          b.append(b.length() > 1 ? ",\"" : "\"");
          quote.quoteAsString(k, b);
          b.append("\":\"");
          quote.quoteAsString(v, b);
          b.append('"');
        });
    return b.append('}').toString();
  }

  /**
   * The start-up work that needs no input, on its own thread. Each step only warms what the main
   * lane uses next; if the main lane gets there first, it waits on the same class initialisation
   * instead of doing the work twice.
   */
  private static final class Preparation {
    private final CompletableFuture<Vertx> vertx = new CompletableFuture<>();
    private final boolean early;
    private volatile boolean inputRead;

    private Preparation(boolean early) {
      this.early = early;
    }

    static Preparation start(boolean withVertx) {
      Preparation p = new Preparation(withVertx);
      Thread t = new Thread(p::run, "p2psim-prepare");
      t.setDaemon(true);
      t.start();
      return p;
    }

    private void run() {
      if (early) {
        logger(); // SLF4J first, so that Vert.x and the main lane find it made
        buildVertx();
      }
      if (inputRead) {
        return; // the main lane is busy with the same classes: warming them now only competes
      }
      // Nothing to do but wait for the input (a spare child): initialise and run once what the
      // start path needs, the input reader, the curve maths of the key and of the
      // node record's signature, and a rehearsal of the node's sockets and first RPC call.
      Logger log = logger();
      try {
        readSampleInput();
      } catch (IOException | RuntimeException e) {
        log.warn("cannot read the sample input", e);
      }
      NodeKey key = NodeKey.generate();
      Secp256k1.get().sign(key.privateKey(), new byte[32]);
      if (early && !inputRead) {
        long t0 = System.nanoTime();
        try {
          rehearse(vertx.get(30, TimeUnit.SECONDS), key);
          log.info(
              "rehearsed a node's start in {} ms; waiting for input",
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (Exception e) {
          log.warn("start-up rehearsal failed; the node will start cold: {}", firstLine(e), e);
        }
      }
    }

    /** A P2P server and an RPC socket started, called over WebSocket and stopped. */
    private static void rehearse(Vertx vertx, NodeKey key) throws Exception {
      Context context = P2pServer.newNodeContext(vertx);
      P2pServer p2p =
          new P2pServer(context, P2pConfig.builder(key).host("127.0.0.1").port(0).build());
      RpcServer rpc = NodeStack.rpcServerOn(context);
      p2p.start().toCompletableFuture().get(5, TimeUnit.SECONDS);
      RpcHttpServer socket =
          RpcHttpServer.start(vertx, rpc, "127.0.0.1", 0)
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS);
      try {
        callOverWebSocket(
            URI.create(socket.wsUrl()),
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rpc_modules\"}");
      } finally {
        socket.close().toCompletableFuture().get(5, TimeUnit.SECONDS);
        p2p.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
        rpc.close();
      }
    }

    /**
     * One JSON-RPC call over a WebSocket spoken by hand on a plain socket: it warms the server's
     * side only, where a Vert.x client would load some hundred classes the node never uses.
     */
    private static void callOverWebSocket(URI ws, String request) throws IOException {
      try (Socket s = new Socket(Proxy.NO_PROXY)) {
        s.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 5_000);
        s.setSoTimeout(5_000);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        String path = ws.getRawPath() == null || ws.getRawPath().isEmpty() ? "/" : ws.getRawPath();
        out.write(
            ("GET "
                    + path
                    + " HTTP/1.1\r\nHost: "
                    + ws.getHost()
                    + ":"
                    + ws.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade"
                    + "\r\nSec-WebSocket-Key: cDJwc2ltLXJlaGVhcnNhbA=="
                    + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        // The handshake's answer: "101 Switching Protocols" and headers up to an empty line.
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
          int c = in.read();
          if (c < 0 || head.length() > 4096) {
            throw new IOException("no WebSocket handshake: " + head);
          }
          head.append((char) c);
        }
        if (!head.toString().startsWith("HTTP/1.1 101")) {
          throw new IOException(
              "WebSocket handshake refused: " + head.substring(0, head.indexOf("\r")));
        }
        byte[] payload = request.getBytes(StandardCharsets.UTF_8);
        if (payload.length > 125) {
          throw new IllegalArgumentException("a request longer than one short frame");
        }
        // One masked text frame (a client must mask; a zero mask leaves the payload as it is).
        out.write(new byte[] {(byte) 0x81, (byte) (0x80 | payload.length), 0, 0, 0, 0});
        out.write(payload);
        out.flush();
        int opcode = in.read();
        int length = in.read() & 0x7f;
        if (opcode != 0x81 || length == 0x7f) {
          throw new IOException("unexpected WebSocket frame " + opcode);
        }
        if (length == 0x7e) {
          length = (in.read() << 8) | in.read();
        }
        String reply = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        if (!reply.contains("\"result\"")) {
          throw new IOException("the rehearsal's call failed: " + reply);
        }
        out.write(new byte[] {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0});
        out.flush();
      }
    }

    /** Called once the input is read: from now on the main lane needs the cores. */
    void inputRead() {
      inputRead = true;
    }

    /** Builds Vert.x on a thread of its own unless the preparation lane builds it. */
    void startVertx() {
      if (!early) {
        Thread t = new Thread(this::buildVertx, "p2psim-vertx-init");
        t.setDaemon(true);
        t.start();
      }
    }

    /** Runs once: on the preparation lane when {@code early}, else on its own thread. */
    private void buildVertx() {
      try {
        vertx.complete(
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
        vertx.completeExceptionally(e);
      }
    }

    Vertx vertx() throws Exception {
      return vertx.get(30, TimeUnit.SECONDS);
    }

    Vertx vertxIfReady() {
      return vertx.isDone() && !vertx.isCompletedExceptionally() ? vertx.join() : null;
    }

    /** The input was bad: close Vert.x if it is up already. */
    void abandon() {
      closeQuietly(vertxIfReady());
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
