package org.p2psim.nodehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.api.Version;
import org.p2psim.p2p.NodeKey;
import org.p2psim.testkit.Await;

/** Node hosts as child processes, driven over their stdin, stdout and JSON-RPC. */
class NodeHostIT {
  @TempDir Path dir;
  private final List<ChildNode> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws InterruptedException {
    for (ChildNode c : children) {
      c.close();
    }
  }

  private ObjectNode input(String name, String key, String... services) {
    ObjectNode in = ChildNode.JSON.createObjectNode();
    ObjectNode node = in.putObject("node");
    node.put("name", name);
    if (key != null) {
      node.put("private_key", key);
    }
    node.putArray("services")
        .addAll(List.of(services).stream().map(ChildNode.JSON.getNodeFactory()::textNode).toList());
    node.putArray("properties").add("interval=100");
    in.put("data_dir", dir.resolve(name).toString());
    return in;
  }

  private ChildNode start(ObjectNode input) throws Exception {
    ChildNode c = ChildNode.start(input);
    children.add(c);
    assertNotNull(c.ready, "no ready line; stderr:\n" + c.stderr());
    assertFalse(c.ready.has("error"), "start failed: " + c.ready + "\n" + c.stderr());
    return c;
  }

  private static JsonNode next(BlockingQueue<JsonNode> q, String type) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      JsonNode e = q.poll(100, TimeUnit.MILLISECONDS);
      if (e != null && type.equals(e.get("type").asText())) {
        return e;
      }
    }
    throw new AssertionError("no " + type + " event within 20 s");
  }

  private static void await(String what, Await.Condition condition) {
    Await.until(what, Duration.ofSeconds(20), condition);
  }

  @Test
  void twoNodeHostsConnectCountPingsAndRestoreFromASnapshot() throws Exception {
    String keyA = NodeKey.generate().privateKeyHex();
    ChildNode a = start(input("a", keyA, "pingpong"));
    ChildNode b = start(input("b", null, "pingpong"));
    assertEquals(NodeKey.parse(keyA).id().hex(), a.id());
    assertTrue(a.ws().startsWith("ws://127.0.0.1:"), a.ws());
    assertTrue(a.enode().endsWith("@127.0.0.1:" + a.enode().replaceAll(".*:", "")), a.enode());

    JsonNode info = a.call("admin_nodeInfo");
    assertEquals(a.id(), info.get("id").asText());
    assertEquals(a.enode(), info.get("enode").asText());
    assertEquals("127.0.0.1", info.get("ip").asText());
    int port = Integer.parseInt(a.enode().replaceAll(".*:", ""));
    assertEquals(port, info.get("ports").get("listener").asInt());
    assertEquals(0, info.get("ports").get("discovery").asInt());
    assertEquals("127.0.0.1:" + port, info.get("listenAddr").asText());
    assertEquals(
        "p2psim/a/v" + Version.VERSION + "/java" + Runtime.version().feature(),
        info.get("name").asText());
    assertTrue(info.get("protocols").has("pingpong"), info.toString());
    org.p2psim.p2p.Enode fromRecord = org.p2psim.p2p.Enode.parse(info.get("enr").asText());
    assertEquals(a.id(), fromRecord.id().hex());
    assertEquals(port, fromRecord.tcpPort());

    BlockingQueue<JsonNode> eventsA = a.subscribe("admin", "peerEvents");
    BlockingQueue<JsonNode> eventsB = b.subscribe("admin", "peerEvents");
    assertTrue(a.call("admin_addPeer", b.enode()).asBoolean());
    assertEquals(b.id(), next(eventsA, "add").get("peer").asText());
    assertEquals(a.id(), next(eventsB, "add").get("peer").asText());

    await("pingpong counts to rise", () -> total(a, "pongs") >= 3 && total(b, "pongs") >= 3);
    JsonNode peersOfA = a.call("admin_peers");
    assertEquals(1, peersOfA.size());
    assertEquals(b.id(), peersOfA.get(0).get("id").asText());
    assertEquals(Version.clientId("b"), peersOfA.get(0).get("name").asText()); // which node it is
    assertEquals("[\"pingpong/1\"]", peersOfA.get(0).get("caps").toString());

    // Quiesce before the snapshot, so that the counts read and the counts saved are the same.
    assertTrue(a.call("admin_removePeer", b.enode()).asBoolean());
    next(eventsA, "drop");
    JsonNode counts = a.call("pingpong_counts");
    JsonNode snapshot = a.call("simulation_snapshot");
    assertTrue(snapshot.has("pingpong"), snapshot.toString());

    // SIGTERM (143); the JDK also closes the child's stdin as it signals, which may win (0).
    assertTrue(List.of(0, 143).contains(a.terminate()));
    assertTrue(List.of(0, 143).contains(b.terminate()));

    ObjectNode again = input("a2", keyA, "pingpong");
    again.putObject("snapshots").put("pingpong", snapshot.get("pingpong").asText());
    ChildNode restored = start(again);
    assertEquals(a.id(), restored.id());
    assertEquals(counts.get("total"), restored.call("pingpong_counts").get("total"));
  }

  private static long total(ChildNode n, String field) throws Exception {
    return n.call("pingpong_counts").get("total").get(field).asLong();
  }

  @Test
  void aGossipMessageCrossesAChainOfFiveReachingEachNodeOnce() throws Exception {
    List<ChildNode> chain = new ArrayList<>();
    List<BlockingQueue<JsonNode>> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ObjectNode in = input("g" + i, null, "gossip");
      ((ObjectNode) in.get("node")).put("enable_msg_events", true);
      ChildNode n = start(in);
      chain.add(n);
      events.add(n.subscribe("admin", "peerEvents"));
    }
    for (int i = 0; i < 4; i++) {
      chain.get(i).call("admin_addPeer", chain.get(i + 1).enode());
    }
    for (int i = 0; i < 5; i++) {
      ChildNode n = chain.get(i);
      int degree = i == 0 || i == 4 ? 1 : 2;
      await("links of node " + i, () -> n.call("admin_peers").size() == degree);
    }
    String id = chain.get(0).call("gossip_publish", "hello chain").asText();
    for (ChildNode n : chain) {
      await("message at " + n.id(), () -> seen(n, id) == 1);
    }
    Thread.sleep(500); // a duplicate, had one been sent, would have arrived by now
    // Over the wire: each node but the origin received the message once; nothing came back.
    for (int i = 0; i < 5; i++) {
      long received =
          events.get(i).stream()
              .filter(e -> "msgrecv".equals(e.get("type").asText()))
              .filter(e -> "gossip".equals(e.get("protocol").asText()))
              .count();
      assertEquals(i == 0 ? 0 : 1, received, "gossip messages received by node " + i);
    }
  }

  private static long seen(ChildNode n, String id) throws Exception {
    long count = 0;
    for (JsonNode m : n.call("gossip_seen")) {
      if (id.equals(m.get("id").asText())) {
        count++;
      }
    }
    return count;
  }

  @Test
  void closingStdinEndsTheNodeHost() throws Exception {
    ChildNode n = start(input("eof", null, "pingpong"));
    n.closeStdin();
    assertTrue(n.process.waitFor(10, TimeUnit.SECONDS), "still running after stdin closed");
    assertEquals(0, n.process.exitValue());
    assertTrue(Files.readString(dir.resolve("eof").resolve("node.log")).contains("stdin closed"));
  }

  @Test
  void stoppingANodeTellsItsPeersTheClientIsQuitting() throws Exception {
    ChildNode a = start(input("qa", null, "pingpong"));
    ChildNode b = start(input("qb", null, "pingpong"));
    BlockingQueue<JsonNode> eventsB = b.subscribe("admin", "peerEvents");
    a.call("admin_addPeer", b.enode());
    next(eventsB, "add");
    a.terminate();
    assertEquals("client quitting", next(eventsB, "drop").get("error").asText());
  }

  @Test
  void anUnknownServiceIsAnErrorLineListingTheKnownOnes() throws Exception {
    ChildNode n = ChildNode.start(input("bad", null, "nope"));
    children.add(n);
    assertTrue(n.process.waitFor(20, TimeUnit.SECONDS));
    assertEquals(1, n.process.exitValue());
    String error = n.ready.get("error").asText();
    assertTrue(
        error.startsWith("unknown service \"nope\": known services are [gossip, pingpong]"), error);
  }

  @Test
  void aNodeThatFailsToStartRemovesTheTempDirItMadeForItself() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ObjectNode in = input("bad", null, "nope");
    in.remove("data_dir"); // so the node makes its own, under java.io.tmpdir
    ChildNode n = ChildNode.start(in, 0, "-Djava.io.tmpdir=" + tmp);
    children.add(n);
    assertTrue(n.process.waitFor(20, TimeUnit.SECONDS));
    assertEquals(1, n.process.exitValue());
    assertTrue(n.ready.get("error").asText().startsWith("unknown service"), n.ready.toString());
    try (var left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void aSigtermWhileTheNodeStartsRemovesTheTempDirItMade() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    ObjectNode in = input("hasty", null, "pingpong");
    in.remove("data_dir");
    Process p = ChildNode.launch(false, "-Djava.io.tmpdir=" + tmp);
    try {
      p.getOutputStream().write(ChildNode.JSON.writeValueAsBytes(in));
      p.getOutputStream().flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (isEmpty(tmp) && System.nanoTime() < deadline) {
        Thread.onSpinWait(); // the temp dir comes a moment before the node starts
      }
      assertTrue(!isEmpty(tmp), "no temp dir made");
      p.destroy(); // SIGTERM, as the start goes on
      assertTrue(p.waitFor(20, TimeUnit.SECONDS));
      try (var left = Files.list(tmp)) {
        assertEquals(List.of(), left.toList());
      }
    } finally {
      p.destroyForcibly();
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  @Test
  void aSnapshotForAServiceTheNodeDoesNotRunIsAnErrorLine() throws Exception {
    ObjectNode in = input("typo", null, "pingpong");
    in.putObject("snapshots").put("pingpongg", "AA==");
    ChildNode n = ChildNode.start(in);
    children.add(n);
    assertTrue(n.process.waitFor(20, TimeUnit.SECONDS));
    assertEquals(1, n.process.exitValue());
    assertEquals(
        "{\"error\":\"snapshot for unknown service \\\"pingpongg\\\": this node runs [pingpong]\"}",
        n.ready.toString());
  }

  @Test
  void aNodeWithoutAnRpcSocketStartsAndSaysSoInItsReadyLine() throws Exception {
    ObjectNode in = input("no-rpc", null, "pingpong");
    in.putObject("stack").put("rpc_port", -1);
    ChildNode n = ChildNode.start(in);
    children.add(n);
    assertNotNull(n.ready, "no ready line; stderr:\n" + n.stderr());
    assertEquals(List.of("id", "enode", "ws"), iterable(n.ready.fieldNames()));
    assertTrue(n.ready.get("ws").isNull(), n.ready.toString());
    assertTrue(n.ready.get("enode").asText().startsWith("enode://"), n.ready.toString());
    // It is up: a peer can connect to it.
    ChildNode peer = start(input("peer", null, "pingpong"));
    BlockingQueue<JsonNode> events = peer.subscribe("admin", "peerEvents");
    peer.call("admin_addPeer", n.ready.get("enode").asText());
    assertEquals(n.ready.get("id").asText(), next(events, "add").get("peer").asText());
    assertTrue(n.process.isAlive());
  }

  private static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  @Test
  void unreadableInputIsAnErrorLineAndExitStatusTwo() throws Exception {
    ObjectNode in = ChildNode.JSON.createObjectNode();
    in.put("nodes", "typo");
    ChildNode n = ChildNode.start(in);
    children.add(n);
    assertTrue(n.process.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, n.process.exitValue());
    assertTrue(
        n.ready.get("error").asText().startsWith("bad node-host input: "), n.ready.toString());
  }

  @Test
  void aChildLaunchedAheadOfItsInputPreparesThenBecomesThatNode() throws Exception {
    ChildNode n = ChildNode.start(input("spare", null, "pingpong"), 3000);
    children.add(n);
    assertNotNull(n.ready, "no ready line; stderr:\n" + n.stderr());
    assertFalse(n.ready.has("error"), "start failed: " + n.ready + "\n" + n.stderr());
    await("the rehearsal's log line", () -> n.stderr().contains("rehearsed a node's start in"));
    JsonNode info = n.call("admin_nodeInfo");
    assertEquals(n.ready.get("id").asText(), info.get("id").asText());
    assertEquals(n.enode(), info.get("enode").asText());
    ChildNode peer = start(input("peer", null, "pingpong"));
    n.call("admin_addPeer", peer.enode());
    await("pings between the two", () -> total(n, "received") > 0 && total(peer, "received") > 0);
    assertTrue(
        Files.readString(dir.resolve("spare").resolve("node.log")).contains("(spare) up"),
        "node.log of the spare");
  }

  @Test
  void aNodeServingItsBuiltInMethodsNeverLoadsDatabind() throws Exception {
    // Jackson's databind would cost every child about 6 MiB: input, requests, results and events
    // of the built-in methods all go through the streaming parser and generator instead.
    Path classes = dir.resolve("classes.log");
    ChildNode n =
        ChildNode.start(
            input("lean", null, "pingpong", "gossip"),
            1000,
            "-Xlog:class+load=info:file=" + classes);
    children.add(n);
    assertFalse(n.ready.has("error"), "start failed: " + n.ready + "\n" + n.stderr());
    ChildNode peer = start(input("peer", null, "pingpong", "gossip"));
    BlockingQueue<JsonNode> events = n.subscribe("admin", "peerEvents");
    assertTrue(n.call("admin_addPeer", peer.enode()).asBoolean());
    assertEquals(peer.id(), next(events, "add").get("peer").asText());
    await("pings between the two", () -> total(n, "received") > 0);
    n.call("admin_nodeInfo");
    n.call("admin_peers");
    n.call("gossip_publish", "hello");
    n.call("gossip_seen");
    n.call("gossip_stats");
    assertTrue(n.call("simulation_snapshot").has("pingpong"));
    n.call("rpc_modules");
    String loaded = Files.readString(classes);
    assertTrue(loaded.contains("org.p2psim.nodehost.NodeStack "), "the log names our classes");
    assertFalse(
        loaded.contains("com.fasterxml.jackson.databind.ObjectMapper "), "ObjectMapper was loaded");
  }

  @Test
  void aPeerGivenByHostNameIsDialled() throws Exception {
    // Node hosts resolve names with the JDK's resolver: Vert.x's own is switched off.
    ChildNode a = start(input("named-a", null, "pingpong"));
    ChildNode b = start(input("named-b", null, "pingpong"));
    String byName = b.enode().replace("@127.0.0.1:", "@localhost:");
    assertTrue(byName.contains("@localhost:"), byName);
    a.call("admin_addPeer", byName);
    await("pings between the two", () -> total(a, "received") > 0 && total(b, "received") > 0);
  }

  @Test
  void aLogVerbosityOtherThanTheCommandLinesIsWarnedAbout() throws Exception {
    ObjectNode in = input("loud", null, "pingpong");
    ((ObjectNode) in.get("node")).put("log_verbosity", 4);
    ChildNode n = ChildNode.start(in, 1);
    children.add(n);
    assertFalse(n.ready.has("error"), n.ready.toString());
    String log = Files.readString(dir.resolve("loud").resolve("node.log"));
    assertTrue(
        log.contains("log_verbosity 4 ignored: this process logs at 3"),
        () -> "node.log:\n" + log + "\nstderr:\n" + n.stderr());
  }

  @Test
  void aChildWhoseStdinClosesBeforeAnyInputExits() throws Exception {
    Process p = ChildNode.launch(true);
    try {
      Thread.sleep(1000);
      p.getOutputStream().close();
      assertTrue(p.waitFor(10, TimeUnit.SECONDS), "still running after stdin closed");
      assertEquals(2, p.exitValue());
    } finally {
      p.destroyForcibly();
    }
  }
}
