package org.p2psim.it;

import java.nio.file.Path;
import java.util.Map;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/**
 * A parent JVM for {@link NoOrphansIT}: starts two exec nodes, waits for the spare child the
 * adapter launches after them, prints the pids of all three, and waits to be killed.
 */
public final class OrphanParent {
  private OrphanParent() {}

  /** {@code <baseDir>}. */
  public static void main(String[] args) throws Exception {
    ExecAdapter adapter = ExecAdapter.builder(Path.of(args[0])).build();
    for (int i = 0; i < 2; i++) {
      ExecNode n = adapter.newNode(NodeConfig.builder().services("pingpong").build());
      n.start(Map.of()).toCompletableFuture().join();
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ProcessHandle.current().children().count() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    ProcessHandle.current().children().forEach(c -> System.out.println("child " + c.pid()));
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
