package org.p2psim.p2p;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.p2psim.testkit.Await;

/** The check every p2p, rpc and node-host test runs under: blocking an event loop fails a test. */
class BlockedEventLoopTest {

  @Test
  void aTaskThatBlocksAnEventLoopPastOneSecondIsReported() throws Exception {
    List<String> blocked = new CopyOnWriteArrayList<>();
    Vertx vertx = TestNet.strictVertx(blocked);
    try {
      vertx.runOnContext(
          v -> {
            try {
              Thread.sleep(1500); // what ExecNode.fail did with Process.waitFor
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      Await.until("the checker reports it", Duration.ofSeconds(5), () -> !blocked.isEmpty());
      assertTrue(blocked.get(0).startsWith("vert.x-eventloop-thread-"), blocked.toString());
      AssertionError e =
          assertThrows(AssertionError.class, () -> TestNet.assertNoBlockedEventLoop(blocked));
      assertTrue(e.getMessage().startsWith("an event loop was blocked: [vert.x-eventloop-thread-"));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
