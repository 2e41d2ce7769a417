package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.it.ExecAdapterIT.await;
import static org.p2psim.it.ExecAdapterIT.join;
import static org.p2psim.it.ExecAdapterIT.pingpong;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/**
 * Spare children: a child JVM launched ahead of need becomes the next node, and is that node in
 * every respect. Spares are seen from outside, as this JVM's child processes.
 */
class ExecSparesIT {
  @TempDir Path dir;
  private ExecAdapter adapter;

  @BeforeEach
  void adapter() {
    adapter = ExecAdapter.builder(dir).spares(1).build();
  }

  @AfterEach
  void closeAndCheckNothingIsLeft() {
    adapter.close();
    await("every child to end", () -> children().isEmpty());
  }

  private static Set<Long> children() {
    return ProcessHandle.current()
        .children()
        .filter(ProcessHandle::isAlive)
        .map(ProcessHandle::pid)
        .collect(Collectors.toSet());
  }

  /** Starts a node and waits for the spare launched after it: returns the spare's pid. */
  private long startAndAwaitSpare(ExecNode n) {
    join(n.start(Map.of()));
    long pid = n.pid().orElseThrow();
    Set<Long> others = new HashSet<>();
    await("a spare child", () -> adapter.idleSpares() == 1);
    await(
        "the spare among this JVM's children",
        () -> {
          others.clear();
          others.addAll(children());
          others.removeAll(nodePids());
          return others.size() == 1;
        });
    assertTrue(ProcessHandle.of(pid).orElseThrow().isAlive());
    return others.iterator().next();
  }

  private Set<Long> nodePids() {
    Set<Long> out = new HashSet<>();
    adapter.nodes().values().forEach(n -> n.pid().ifPresent(out::add));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static long received(ExecNode n) {
    Map<String, Object> total =
        (Map<String, Object>) join(n.client().call("pingpong_counts", Map.class)).get("total");
    return ((Number) total.get("received")).longValue();
  }

  @Test
  void theNextNodeTakesTheSpareAndIsThatNodeInEveryRespect() throws Exception {
    ExecNode a = adapter.newNode(pingpong("a"));
    long spare = startAndAwaitSpare(a);

    ExecNode b = adapter.newNode(pingpong("b"));
    join(b.start(Map.of()));
    assertEquals(spare, b.pid().orElseThrow(), "b did not take the spare");
    assertEquals(b.config().id().hex(), b.nodeInfo().id());
    assertEquals(b.nodeInfo().enode(), b.addr());
    assertTrue(b.addr().startsWith("enode://") && b.addr().contains("@127.0.0.1:"), b.addr());
    // Its logs go to its own directory, as a fresh child's do.
    Path log = dir.resolve(b.config().id().shortHex()).resolve("node.log");
    await("b's node.log", () -> contains(log, b.config().id().shortHex() + " (b) up"));

    assertTrue(join(a.client().call("admin_addPeer", Boolean.class, b.addr())));
    await("pings from a to reach b", () -> received(b) > 0);
    await("pings from b to reach a", () -> received(a) > 0);
    await("a new spare", () -> children().size() == 3);
  }

  private static boolean contains(Path file, String text) {
    try {
      return Files.isRegularFile(file) && Files.readString(file).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void aNodeWithAnotherLogVerbosityGetsAChildOfItsOwn() {
    long spare = startAndAwaitSpare(adapter.newNode(pingpong("a")));
    ExecNode debug =
        adapter.newNode(
            NodeConfig.builder().name("debug").services("pingpong").logVerbosity(4).build());
    join(debug.start(Map.of()));
    assertNotEquals(spare, debug.pid().orElseThrow());
    assertTrue(ProcessHandle.of(spare).map(ProcessHandle::isAlive).orElse(false));
  }

  @Test
  void aSpareWhoseServiceFailsGivesTheErrorWithItsStderr() {
    long spare = startAndAwaitSpare(adapter.newNode(pingpong("a")));
    ExecNode bad = adapter.newNode(NodeConfig.builder().name("bad").services("failing").build());
    CompletionException e =
        assertThrows(CompletionException.class, () -> join(bad.start(Map.of())));
    String message = e.getCause().getMessage();
    assertTrue(
        message.startsWith("node bad failed to start: service failing failed to start: boom"),
        message);
    assertTrue(message.contains("last lines of its stderr:"), message);
    assertTrue(message.contains("IllegalStateException"), message);
    await("the failed child's exit", () -> bad.lastExit().isPresent());
    assertEquals(spare, bad.lastExit().orElseThrow().pid(), "bad did not take the spare");
  }

  @Test
  void closingTheAdapterEndsItsSpare() {
    long spare = startAndAwaitSpare(adapter.newNode(pingpong("a")));
    adapter.close();
    await("the spare to end", () -> !children().contains(spare));
    assertEquals(List.of(), List.copyOf(children()));
  }

  @Test
  void aSpareThatDiedIsPassedOverAndTheNodeGetsAChildOfItsOwn() throws Exception {
    long spare = startAndAwaitSpare(adapter.newNode(pingpong("a")));
    ProcessHandle victim = ProcessHandle.of(spare).orElseThrow();
    victim.destroyForcibly();
    victim.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    ExecNode b = adapter.newNode(pingpong("b"));
    join(b.start(Map.of()));
    assertNotEquals(spare, b.pid().orElseThrow());
    assertEquals(b.addr(), b.nodeInfo().enode());
  }
}
