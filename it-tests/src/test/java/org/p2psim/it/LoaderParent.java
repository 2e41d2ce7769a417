package org.p2psim.it;

import java.nio.file.Path;
import java.util.Map;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/** A parent run by {@link IsolatingLauncher}: starts a node, prints its address, stops it. */
public final class LoaderParent {
  private LoaderParent() {}

  /** {@code <baseDir>}. */
  public static void main(String[] args) {
    try (ExecAdapter adapter = ExecAdapter.builder(Path.of(args[0])).spares(0).build()) {
      ExecNode n =
          adapter.newNode(NodeConfig.builder().name("loaded").services("pingpong").build());
      n.start(Map.of()).toCompletableFuture().join();
      System.out.println("up " + n.addr());
      n.stop().toCompletableFuture().join();
    }
  }
}
