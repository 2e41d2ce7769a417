package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;
import org.p2psim.testkit.Await;

/** Nodes as child JVMs, through the exec adapter's programmatic API. */
class ExecAdapterIT {
  @TempDir Path dir;
  private ExecAdapter adapter;

  @BeforeEach
  void adapter() {
    adapter = ExecAdapter.builder(dir).build();
  }

  /**
   * The p2psim JAR, to run children from a classpath of JARs only, as users do: class-data sharing
   * maps classes from JARs, not from the build's class directories.
   */
  static Path p2psimJar() {
    Path jar = Path.of(System.getProperty("p2psim.jar", "../cli/target/p2psim.jar"));
    if (!java.nio.file.Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it first (mvn package)");
    }
    return jar;
  }

  @AfterEach
  void close() {
    adapter.close();
  }

  static NodeConfig pingpong(String name) {
    return NodeConfig.builder().name(name).services("pingpong").property("interval", 100).build();
  }

  static <T> T join(java.util.concurrent.CompletionStage<T> s) {
    return s.toCompletableFuture().orTimeout(60, TimeUnit.SECONDS).join();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> counts(ExecNode n) {
    return (Map<String, Object>) join(n.client().call("pingpong_counts", Map.class)).get("total");
  }

  private static long total(ExecNode n, String field) {
    return ((Number) counts(n).get(field)).longValue();
  }

  private static int peers(ExecNode n) {
    return join(n.client().call("admin_peers", List.class)).size();
  }

  static void await(String what, java.util.function.BooleanSupplier ok) {
    Await.until(what, Duration.ofSeconds(30), ok::getAsBoolean);
  }

  private static void connect(ExecNode from, ExecNode to) {
    assertTrue(join(from.client().call("admin_addPeer", Boolean.class, to.addr())));
  }

  @Test
  void tenNodesInARingCountPingsSurviveARestartAndASnapshotRestore() {
    adapter.close();
    // Ten JVMs at once on two cores: allow for a loaded CI machine.
    adapter =
        ExecAdapter.builder(dir)
            .classpath(p2psimJar())
            .startTimeout(java.time.Duration.ofSeconds(30))
            .build();
    List<ExecNode> ring = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ring.add(adapter.newNode(pingpong("n" + i)));
    }
    CompletableFuture.allOf(
            ring.stream()
                .map(n -> n.start(Map.of()).toCompletableFuture())
                .toArray(CompletableFuture[]::new))
        .orTimeout(120, TimeUnit.SECONDS)
        .join();
    for (int i = 0; i < 10; i++) {
      connect(ring.get(i), ring.get((i + 1) % 10));
    }
    await("every node to have 2 peers", () -> ring.stream().allMatch(n -> peers(n) == 2));
    await("every node to count pongs", () -> ring.stream().allMatch(n -> total(n, "pongs") >= 3));

    // Stop one node and start it again: it comes back with the same id, and reconnects.
    ExecNode n3 = ring.get(3);
    join(n3.stop());
    assertFalse(n3.isUp());
    assertThrows(IllegalStateException.class, n3::client);
    await("neighbours to see it go", () -> peers(ring.get(2)) == 1 && peers(ring.get(4)) == 1);
    join(n3.start(Map.of()));
    connect(n3, ring.get(4));
    connect(ring.get(2), n3);
    await("it to rejoin", () -> peers(n3) == 2 && peers(ring.get(2)) == 2);

    // Snapshot all, stop all, start all from their snapshots: the counts are restored.
    for (ExecNode n : ring) {
      join(
          n.client()
              .call(
                  "admin_removePeer", Boolean.class, ring.get((ring.indexOf(n) + 1) % 10).addr()));
    }
    await("the ring to come apart", () -> ring.stream().allMatch(n -> peers(n) == 0));
    List<Map<String, byte[]>> snapshots = new ArrayList<>();
    List<Map<String, Object>> before = new ArrayList<>();
    for (ExecNode n : ring) {
      before.add(counts(n));
      snapshots.add(join(n.snapshots()));
    }
    CompletableFuture.allOf(
            ring.stream()
                .map(n -> n.stop().toCompletableFuture())
                .toArray(CompletableFuture[]::new))
        .join();
    for (int i = 0; i < 10; i++) {
      join(ring.get(i).start(snapshots.get(i)));
    }
    for (int i = 0; i < 10; i++) {
      assertEquals(before.get(i), counts(ring.get(i)), "counts of node " + i);
    }
  }

  @Test
  void serveRpcBridgesACallersConnectionToTheChild() throws Exception {
    ExecNode n = adapter.newNode(pingpong("bridged"));
    join(n.start(Map.of()));
    LinkedBlockingQueue<String> answers = new LinkedBlockingQueue<>();
    CompletableFuture<Void> closed = new CompletableFuture<>();
    // The caller's side of the connection, as the HTTP API's WebSocket proxy will hand it over.
    java.util.concurrent.atomic.AtomicReference<java.util.function.Consumer<String>> toNode =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Runnable> onClose =
        new java.util.concurrent.atomic.AtomicReference<>();
    n.serveRpc(
        new org.p2psim.api.RpcConnection() {
          @Override
          public void send(String message) {
            answers.add(message);
          }

          @Override
          public void onMessage(java.util.function.Consumer<String> handler) {
            toNode.set(handler);
          }

          @Override
          public void onClose(Runnable handler) {
            onClose.set(handler);
          }

          @Override
          public void close() {
            closed.complete(null);
          }
        });
    await("the bridge to open", () -> toNode.get() != null);
    toNode.get().accept("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"admin_nodeInfo\"}");
    String answer = answers.poll(10, TimeUnit.SECONDS);
    assertTrue(answer != null && answer.contains("\"id\":7"), String.valueOf(answer));
    assertTrue(answer.contains(n.id().hex()), answer);
    join(n.stop());
    closed.get(10, TimeUnit.SECONDS); // the node going away closes the caller's side
  }

  @Test
  void startingTwiceIsAnErrorAndStoppingTwiceIsFine() {
    ExecNode n = adapter.newNode(pingpong("twice"));
    join(n.start(Map.of()));
    CompletionException e = assertThrows(CompletionException.class, () -> join(n.start(Map.of())));
    assertEquals("node twice already started", e.getCause().getMessage());
    join(n.stop());
    join(n.stop());
    assertFalse(n.isUp());
  }

  @Test
  void aChildKilledWithSigkillIsReportedDownWithItsExitStatus() throws Exception {
    ExecNode n = adapter.newNode(pingpong("victim"));
    LinkedBlockingQueue<ExecNode.Exit> exits = new LinkedBlockingQueue<>();
    n.onExit(exits::add);
    join(n.start(Map.of()));
    long pid = n.pid().orElseThrow();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    ExecNode.Exit exit = exits.poll(10, TimeUnit.SECONDS);
    assertTrue(exit != null, "no exit reported");
    assertEquals(137, exit.status());
    assertFalse(exit.expected());
    assertEquals(pid, exit.pid());
    assertFalse(n.isUp());
  }

  @Test
  void aServiceThatFailsToStartGivesAnErrorWithTheChildsStderr() {
    ExecNode n = adapter.newNode(NodeConfig.builder().name("bad").services("failing").build());
    CompletionException e = assertThrows(CompletionException.class, () -> join(n.start(Map.of())));
    String message = e.getCause().getMessage();
    assertTrue(
        message.startsWith(
            "node bad failed to start: service failing failed to start: boom: this service fails"
                + " on purpose"),
        message);
    assertTrue(message.contains("last lines of its stderr:"), message);
    assertTrue(message.contains("IllegalStateException"), message);
    assertFalse(n.isUp());
  }

  @Test
  void newNodeRejectsBadConfigsClearly() {
    IllegalArgumentException none =
        assertThrows(
            IllegalArgumentException.class, () -> adapter.newNode(NodeConfig.builder().build()));
    assertTrue(
        none.getMessage().startsWith("node has no services: name at least one of ["),
        none.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> adapter.newNode(NodeConfig.builder().services("nope").build()));
    assertTrue(
        unknown
            .getMessage()
            .startsWith(
                "unknown service \"nope\": known services are [boom, failing, gossip, pingpong]"),
        unknown.getMessage());
    NodeConfig keyed = org.p2psim.nodehost.NodeStack.withKey(pingpong("dup"));
    ExecNode first = adapter.newNode(keyed);
    join(first.start(Map.of()));
    IllegalArgumentException dup =
        assertThrows(IllegalArgumentException.class, () -> adapter.newNode(keyed));
    assertEquals(
        "a node with id " + keyed.id() + " already exists and is running", dup.getMessage());
    assertEquals("exec-adapter", adapter.name());
  }

  @Test
  void aNodeDirectoryThatCannotBeCreatedIsAClearError() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("not-a-dir"), "x");
    try (ExecAdapter bad = ExecAdapter.builder(file).build()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> bad.newNode(pingpong("x")));
      assertTrue(e.getMessage().startsWith("cannot create the directory of node "), e.getMessage());
    }
  }

  @Test
  void closeKeepsTheCallersInterruptFlag() {
    ExecNode n = adapter.newNode(pingpong("interrupted"));
    join(n.start(Map.of()));
    Thread.currentThread().interrupt();
    try {
      adapter.close();
      assertTrue(Thread.currentThread().isInterrupted(), "close() swallowed the interrupt");
    } finally {
      Thread.interrupted();
    }
    await("the node to stop", () -> n.pid().isEmpty());
  }

  @Test
  void nodeInfoComesFromTheNodeWhenUpAndIsTheBareIdWhenDown() {
    ExecNode n = adapter.newNode(pingpong("info"));
    assertEquals(n.id().hex(), n.nodeInfo().id());
    join(n.start(Map.of()));
    assertTrue(n.nodeInfo().enode().startsWith("enode://"), n.nodeInfo().toString());
    assertEquals(n.addr(), n.nodeInfo().enode());
    assertTrue(n.nodeInfo().protocols().containsKey("pingpong"));
    CompletionException down =
        assertThrows(
            CompletionException.class,
            () -> {
              join(n.stop());
              join(n.snapshots());
            });
    assertEquals("node info is not up", down.getCause().getMessage());
  }

  @Test
  void nodesStartedTogetherBootAtMostParallelStartsAtATime() throws Exception {
    try (ExecAdapter gated =
        ExecAdapter.builder(dir.resolve("gated")).spares(0).parallelStarts(1).build()) {
      List<ExecNode> nodes = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        nodes.add(gated.newNode(pingpong("g" + i)));
      }
      List<CompletableFuture<Void>> starts = new ArrayList<>();
      nodes.forEach(n -> starts.add(n.start(Map.of()).toCompletableFuture()));
      CompletableFuture<Void> all =
          CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new));
      int mostBooting = 0;
      while (!all.isDone()) {
        // The gated adapter's children launched that have not printed their ready line yet
        // (counting this JVM's child processes instead also counted other tests' exiting ones).
        long booting = nodes.stream().filter(n -> n.pid().isPresent() && n.wsUrl() == null).count();
        mostBooting = Math.max(mostBooting, (int) booting);
        Thread.sleep(5);
      }
      join(all);
      assertEquals(1, mostBooting, "children booting at once");
      nodes.forEach(n -> assertTrue(n.isUp()));
    }
    assertThrows(
        IllegalArgumentException.class, () -> ExecAdapter.builder(dir).parallelStarts(0).build());
  }

  /** The children of this test's other adapter, which run beside the gated one. */
  @Test
  void childrenTrimTheirNativeHeapWhenTheJdkCanUnlessTheOptionsSayOtherwise() {
    boolean jdkHasIt;
    try {
      java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("TrimNativeHeapInterval");
      jdkHasIt = true;
    } catch (IllegalArgumentException e) {
      jdkHasIt = false;
    }
    ExecNode n = adapter.newNode(pingpong("trim"));
    join(n.start(Map.of()));
    List<String> args = arguments(n);
    assertEquals(jdkHasIt, args.contains("-XX:TrimNativeHeapInterval=2000"), args.toString());
    if (!jdkHasIt) {
      return; // the user's own setting below would stop this JDK's children
    }
    List<String> own = new ArrayList<>(ExecAdapter.Builder.DEFAULT_JVM_OPTIONS);
    own.add("-XX:TrimNativeHeapInterval=0");
    try (ExecAdapter mine = ExecAdapter.builder(dir.resolve("own")).jvmOptions(own).build()) {
      ExecNode m = mine.newNode(pingpong("own"));
      join(m.start(Map.of()));
      List<String> mineArgs = arguments(m);
      assertTrue(mineArgs.contains("-XX:TrimNativeHeapInterval=0"), mineArgs.toString());
      assertFalse(mineArgs.contains("-XX:TrimNativeHeapInterval=2000"), mineArgs.toString());
    }
  }

  /** The command line of a node's child process. */
  /**
   * A child's command line, from /proc: the JDK's ProcessHandle.Info gives none once the command
   * line (the classpath, mostly) is longer than a page.
   */
  private static List<String> arguments(ExecNode n) {
    try {
      byte[] raw =
          java.nio.file.Files.readAllBytes(Path.of("/proc/" + n.pid().orElseThrow() + "/cmdline"));
      return List.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\0"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
