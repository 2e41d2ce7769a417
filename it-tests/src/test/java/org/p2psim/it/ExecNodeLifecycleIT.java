package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.it.ExecAdapterIT.await;
import static org.p2psim.it.ExecAdapterIT.join;
import static org.p2psim.it.ExecAdapterIT.pingpong;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeInfo;
import org.p2psim.api.Version;
import org.p2psim.nodehost.NodeStack;

/** What a node reports when it is down, and how its start fails: found by a churn soak. */
class ExecNodeLifecycleIT {
  @TempDir Path dir;
  private final List<ExecAdapter> adapters = new ArrayList<>();

  private ExecAdapter adapter(ExecAdapter.Builder b) {
    ExecAdapter a = b.build();
    adapters.add(a);
    return a;
  }

  @AfterEach
  void closeAndCheckNothingIsLeft() {
    adapters.forEach(ExecAdapter::close);
    await(
        "every child to end",
        () -> ProcessHandle.current().children().noneMatch(ProcessHandle::isAlive));
  }

  @Test
  void aDownNodeReportsItsIdNameAndKeyButNoAddress() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir));
    ExecNode n = adapter.newNode(pingpong("downer"));
    assertDown(n, null);
    join(n.start(Map.of()));
    String enode = n.addr();
    assertTrue(enode.contains("@127.0.0.1:"), enode);
    String key = enode.substring(0, enode.indexOf('@'));
    assertEquals(enode, n.nodeInfo().enode());
    assertTrue(n.nodeInfo().listenAddr() != null, n.nodeInfo().toString());
    assertEquals(Version.clientId("downer"), n.nodeInfo().name());
    join(n.stop());
    assertDown(n, key);
  }

  @Test
  void theIdOfANodeThatIsDownMayBeUsedAgainButNotOfOneThatRuns() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir));
    ExecNode first = adapter.newNode(pingpong("again"));
    join(first.start(Map.of()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> adapter.newNode(first.config()));
    assertEquals("a node with id " + first.id() + " already exists and is running", e.getMessage());
    join(first.stop());
    ExecNode second = adapter.newNode(first.config()); // as after a network reset
    CompletionException old =
        assertThrows(CompletionException.class, () -> join(first.start(Map.of())));
    assertEquals(
        "node again was replaced by a newer node with its id; start that one",
        old.getCause().getMessage());
    join(second.start(Map.of()));
    assertEquals(first.id(), second.id());
    assertEquals(second, adapter.nodes().get(first.id()));
  }

  private static void assertDown(ExecNode n, String key) {
    NodeInfo info = n.nodeInfo();
    assertEquals(n.id().hex(), info.id());
    assertEquals(Version.clientId("downer"), info.name()); // as when it is up
    assertTrue(info.enode().matches("enode://[0-9a-f]{128}"), info.enode());
    if (key != null) {
      assertEquals(key, info.enode());
    }
    assertNull(info.ip(), info.toString());
    assertNull(info.listenAddr(), info.toString());
    assertNull(info.ports(), info.toString());
    IllegalStateException e = assertThrows(IllegalStateException.class, n::addr);
    assertEquals("node downer is down: it has no address until it is started", e.getMessage());
  }

  @Test
  void newNodeGeneratesAMissingKeyAndRefusesAnIdWithoutOne() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir));
    ExecNode keyless = adapter.newNode(NodeConfig.builder().services("pingpong").build());
    assertTrue(keyless.config().privateKey() != null);
    assertEquals(NodeStack.withKey(keyless.config()).id(), keyless.id());
    NodeConfig other = NodeStack.withKey(pingpong("other"));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                adapter.newNode(NodeConfig.builder().id(other.id()).services("pingpong").build()));
    assertEquals(
        "node "
            + other.id()
            + " has an id but no private_key: a node's id follows from its key, so give the key"
            + " (with or without the id), or neither for a generated one",
        e.getMessage());
  }

  @Test
  void aStartRightAfterAFailedStartIsNotRefusedAndTheDeadChildIsGone() throws Exception {
    ExecAdapter adapter =
        adapter(
            ExecAdapter.builder(dir)
                .spares(0)
                .classDataSharing(false)
                .startTimeout(Duration.ofMillis(300)));
    ExecNode n = adapter.newNode(pingpong("hurried"));
    for (int round = 0; round < 8; round++) {
      CompletableFuture<String> seen = new CompletableFuture<>();
      CompletableFuture<Void> second = new CompletableFuture<>();
      n.start(Map.of())
          .whenComplete(
              (v, e) -> {
                seen.complete(e == null ? "started" : n.pid().isPresent() ? "pid " + n.pid() : "");
                n.start(Map.of())
                    .whenComplete(
                        (v2, e2) -> {
                          if (e2 != null) {
                            second.completeExceptionally(e2);
                          } else {
                            second.complete(null);
                          }
                        });
              });
      String first = seen.get(30, TimeUnit.SECONDS);
      if (first.equals("started")) {
        join(n.stop()); // a fast machine: nothing to see this round
        continue;
      }
      assertEquals("", first, "the failed start left the dead child");
      try {
        second.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        assertFalse(
            e.getCause().getMessage().contains("already started"), e.getCause().getMessage());
      }
      join(n.stop());
    }
  }

  @Test
  void aChildThatReportsAnErrorIsReportedWithItsOwnExitStatus() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir).spares(0));
    ExecNode n = adapter.newNode(NodeConfig.builder().name("bad").services("failing").build());
    CompletionException e = assertThrows(CompletionException.class, () -> join(n.start(Map.of())));
    assertTrue(e.getCause().getMessage().startsWith("node bad failed to start: service failing"));
    ExecNode.Exit exit = n.lastExit().orElseThrow();
    assertEquals(1, exit.status(), exit.toString());
    assertTrue(n.pid().isEmpty());
  }

  @Test
  void aStopDuringAStartFailsTheStartSayingSo() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir).spares(0));
    ExecNode n = adapter.newNode(pingpong("hasty"));
    // Stopped before its child is launched, and then after.
    CompletableFuture<Void> early = n.start(Map.of()).toCompletableFuture();
    join(n.stop());
    CompletionException first = assertThrows(CompletionException.class, () -> join(early));
    assertEquals(
        "node hasty failed to start: the start was cancelled by stop()",
        first.getCause().getMessage());
    assertTrue(n.pid().isEmpty());
    CompletableFuture<Void> started = n.start(Map.of()).toCompletableFuture();
    await("the child to be launched", () -> n.pid().isPresent() || started.isDone());
    join(n.stop());
    CompletionException e = assertThrows(CompletionException.class, () -> join(started));
    assertEquals(
        "node hasty failed to start: the start was cancelled by stop()", e.getCause().getMessage());
    assertFalse(n.isUp());
    assertTrue(n.pid().isEmpty());
  }

  @Test
  void aNodeThatIsStartingCannotBeReplaced() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir).spares(0));
    NodeConfig config = NodeStack.withKey(pingpong("starting"));
    ExecNode n = adapter.newNode(config);
    CompletableFuture<Void> started = n.start(Map.of()).toCompletableFuture();
    // No child yet, or one that is not ready: either way a second child with its key must not be.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> adapter.newNode(config));
    assertEquals("a node with id " + n.id() + " already exists and is running", e.getMessage());
    join(started);
    join(n.stop());
  }

  @Test
  void aNodeStoppedWhileItStartedCanBeReplacedAsSoonAsTheStopIsDone() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir).spares(0));
    NodeConfig config = NodeStack.withKey(pingpong("replaced"));
    ExecNode n = adapter.newNode(config);
    CompletableFuture<Void> started = n.start(Map.of()).toCompletableFuture();
    await("the child to be launched", () -> n.pid().isPresent() || started.isDone());
    ExecNode again = join(n.stop().thenApply(v -> adapter.newNode(config)));
    join(again.start(Map.of()));
    assertTrue(again.isUp());
    join(again.stop());
  }

  @Test
  void aStartAfterTheAdapterClosedFailsAtOnce() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir).spares(0));
    ExecNode n = adapter.newNode(pingpong("late"));
    adapter.close();
    CompletionException e = assertThrows(CompletionException.class, () -> join(n.start(Map.of())));
    assertEquals("node late cannot start: its adapter is closed", e.getCause().getMessage());
    assertTrue(n.pid().isEmpty());
  }

  @Test
  void aRelativeLogfileIsInTheNodesDirectoryWhetherItTookASpareOrNot() {
    ExecAdapter adapter = adapter(ExecAdapter.builder(dir).spares(1));
    ExecNode cold = adapter.newNode(pingpong("cold").toBuilder().logFile("own.log").build());
    join(cold.start(Map.of()));
    await("a spare", () -> adapter.idleSpares() == 1);
    ExecNode warm = adapter.newNode(pingpong("warm").toBuilder().logFile("own.log").build());
    join(warm.start(Map.of())); // takes the waiting spare, which runs in another directory
    await(
        "both logs",
        () ->
            java.nio.file.Files.isRegularFile(cold.dir().resolve("own.log"))
                && java.nio.file.Files.isRegularFile(warm.dir().resolve("own.log")));
  }
}
