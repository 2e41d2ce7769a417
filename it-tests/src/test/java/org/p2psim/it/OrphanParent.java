package org.p2psim.it;

import java.nio.file.Path;
import java.util.Map;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/**
 * A parent JVM for {@link NoOrphansIT}: starts two exec nodes, prints their pids, and waits to be
 * killed.
 */
public final class OrphanParent {
  private OrphanParent() {}

  /** {@code <baseDir>}. */
  public static void main(String[] args) throws Exception {
    ExecAdapter adapter = ExecAdapter.builder(Path.of(args[0])).build();
    for (int i = 0; i < 2; i++) {
      ExecNode n = adapter.newNode(NodeConfig.builder().services("pingpong").build());
      n.start(Map.of()).toCompletableFuture().join();
      System.out.println("child " + n.pid().orElseThrow());
    }
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
