package org.p2psim.nodehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.RpcClient;
import org.p2psim.api.RpcConnection;
import org.p2psim.api.spi.RpcDialer;
import org.p2psim.rpc.InMemoryRpc;

/** A node stack in this JVM, on loopback, without an RPC socket. */
class NodeStackTest {
  private static final RpcDialer NO_DIALER =
      id -> {
        throw new IllegalStateException("no dialling in this test");
      };

  @TempDir Path dir;
  private Vertx vertx;
  private final List<NodeStack> stacks = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() throws Exception {
    for (NodeStack s : stacks) {
      s.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  private NodeStackConfig config(Map<String, byte[]> snapshots, String... services) {
    NodeConfig node = NodeStack.withKey(NodeConfig.builder().services(List.of(services)).build());
    return new NodeStackConfig(node, snapshots, Map.of(), dir, "127.0.0.1", -1);
  }

  private NodeStack create(NodeStackConfig config) {
    NodeStack s = NodeStack.create(vertx, config, ServiceRegistry.load(), NO_DIALER);
    stacks.add(s);
    return s;
  }

  @Test
  void aSnapshotForAServiceTheNodeDoesNotRunIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> create(config(Map.of("pingpongg", new byte[] {1}), "pingpong")));
    assertEquals(
        "snapshot for unknown service \"pingpongg\": this node runs [pingpong]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                create(config(Map.of("zz", new byte[0], "aa", new byte[0]), "pingpong", "gossip")));
    assertEquals(
        "snapshot for unknown service \"aa\": this node runs [pingpong, gossip]", e.getMessage());
  }

  @Test
  void concurrentStartsGiveOneStartAndClearRefusals() throws Exception {
    // The window between checking and setting "started" was small: race four starts, many times.
    int racers = 4;
    for (int round = 0; round < 100; round++) {
      NodeStack s = create(config(Map.of(), "pingpong"));
      CyclicBarrier together = new CyclicBarrier(racers);
      List<CompletableFuture<CompletionStage<NodeStack>>> starts = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        CompletableFuture<CompletionStage<NodeStack>> start = new CompletableFuture<>();
        starts.add(start);
        Thread t =
            new Thread(
                () -> {
                  try {
                    together.await(5, TimeUnit.SECONDS);
                    start.complete(s.start());
                  } catch (Exception | Error e) {
                    start.completeExceptionally(e);
                  }
                });
        t.setDaemon(true);
        t.start();
      }
      List<String> outcomes = new ArrayList<>();
      for (CompletableFuture<CompletionStage<NodeStack>> start : starts) {
        try {
          start.get(5, TimeUnit.SECONDS).toCompletableFuture().get(10, TimeUnit.SECONDS);
          outcomes.add("started");
        } catch (ExecutionException e) {
          outcomes.add(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
        }
      }
      outcomes.sort(null);
      List<String> expected = new ArrayList<>();
      for (int i = 1; i < racers; i++) {
        expected.add("IllegalStateException: node already started");
      }
      expected.add("started");
      assertEquals(expected, outcomes, "round " + round);
    }
  }

  /** One raw JSON-RPC exchange with {@code s}'s server, in memory. */
  private static String ask(NodeStack s, String request) throws Exception {
    BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    AtomicReference<Consumer<String>> server = new AtomicReference<>();
    InMemoryRpc.serve(
        s.rpc(),
        new RpcConnection() {
          @Override
          public void send(String message) {
            answers.add(message);
          }

          @Override
          public void onMessage(Consumer<String> handler) {
            server.set(handler);
          }

          @Override
          public void onClose(Runnable handler) {}

          @Override
          public void close() {}
        });
    server.get().accept(request);
    String answer = answers.poll(5, TimeUnit.SECONDS);
    assertNotNull(answer, "no answer to " + request);
    return answer;
  }

  @Test
  void addPeerAndRemovePeerWithoutAUrlAreInvalidParamsAndLogNoError() throws Exception {
    NodeStack s = create(config(Map.of(), "pingpong"));
    s.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    PrintStream stderr = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      for (String method : List.of("admin_addPeer", "admin_removePeer")) {
        String missing =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,"
                + "\"message\":\"missing value for required argument 0\"}}";
        String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\"";
        assertEquals(missing, ask(s, head + "}"));
        assertEquals(missing, ask(s, head + ",\"params\":[]}"));
        assertEquals(missing, ask(s, head + ",\"params\":null}"));
        assertEquals(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32602,"
                + "\"message\":\"invalid argument 0: expected string, got null\"}}",
            ask(s, head + ",\"params\":[null]}"));
      }
    } finally {
      System.setErr(stderr);
    }
    String log = logged.toString(StandardCharsets.UTF_8);
    assertFalse(log.contains("ERROR"), log);
  }

  @Test
  void aStartedNodeServesItsServices() throws Exception {
    NodeStack s = create(config(Map.of(), "pingpong"));
    s.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertTrue(s.wsUrl() == null, "no RPC socket was asked for");
    RpcClient c = InMemoryRpc.connect(s.rpc());
    try {
      assertTrue(
          c.call("rpc_modules", Map.class)
              .toCompletableFuture()
              .get(5, TimeUnit.SECONDS)
              .containsKey("pingpong"));
    } finally {
      c.close();
    }
  }

  @Test
  void theLinkNamespaceSetsAndReportsWhatTheNodeSends() throws Exception {
    NodeStack s = create(config(Map.of(), "pingpong"));
    s.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
    String peer = "ab".repeat(32);
    String head = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":";
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"latency\":\"50ms\",\"jitter\":\"5ms\"}}",
        ask(
            s,
            head
                + "\"link_set\",\"params\":[\""
                + peer
                + "\",{\"latency\":\"50ms\",\"jitter\":\"5ms\"}]}"));
    ask(s, head + "\"link_setDefault\",\"params\":[{\"bandwidth\":8000}]}");
    ask(s, head + "\"link_partition\",\"params\":[[[\"" + peer + "\"]]]}");
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"default\":{\"bandwidth\":8000},"
            + "\"peers\":{\""
            + peer
            + "\":{\"latency\":\"50ms\",\"jitter\":\"5ms\"}},"
            + "\"partition\":{\"groups\":[[\""
            + peer
            + "\"]]}}}",
        ask(s, head + "\"link_info\"}"));
    // Without a link, the peer goes back to the default.
    assertEquals(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"bandwidth\":8000}}",
        ask(s, head + "\"link_set\",\"params\":[\"" + peer + "\"]}"));
    String bad = ask(s, head + "\"link_setDefault\",\"params\":[{\"latency\":\"-5ms\"}]}");
    assertTrue(
        bad.contains("\"code\":-32602") && bad.contains("latency must not be negative"), bad);
    bad = ask(s, head + "\"link_set\",\"params\":[\"xyz\",{}]}");
    assertTrue(bad.contains("\"error\""), bad);
  }
}
