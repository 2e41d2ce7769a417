package org.p2psim.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/**
 * A parent JVM for {@link AotCacheIT}, run on JDK 24 or later: starts a node whose child must map
 * the adapter's AOT cache ({@code -XX:AOTMode=on} makes a child without it fail), and prints what
 * it saw.
 */
public final class AotParent {
  private AotParent() {}

  /** {@code <baseDir> <p2psim jar>}. */
  public static void main(String[] args) throws Exception {
    List<String> options = new ArrayList<>(ExecAdapter.Builder.DEFAULT_JVM_OPTIONS);
    options.add("-XX:AOTMode=on");
    try (ExecAdapter adapter =
        ExecAdapter.builder(Path.of(args[0]))
            .classpath(Path.of(args[1]))
            .classDataSharingCache(Path.of(args[0], "cds-cache"))
            .jvmOptions(options)
            .build()) {
      for (String name : List.of("first", "second")) {
        ExecNode n = adapter.newNode(NodeConfig.builder().name(name).services("pingpong").build());
        n.start(Map.of()).toCompletableFuture().join();
        System.out.println("started " + name + " " + n.nodeInfo().id());
        n.stop().toCompletableFuture().join();
      }
      Path cache = adapter.cdsArchive();
      System.out.println("cache " + cache.getFileName() + " " + Files.isRegularFile(cache));
    }
  }
}
