package org.p2psim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/**
 * Exec adapter start-up: time from {@code start()} to ready (ready line, RPC connected, node info
 * read) for one node at a time and for 20 at once, and each idle child's resident memory; with the
 * JDK's default flags, with p2psim's flags, and with p2psim's flags and the CDS archive.
 */
final class ExecStartBench {
  private final boolean quick;

  ExecStartBench(boolean quick) {
    this.quick = quick;
  }

  void run(Table table) throws Exception {
    String cp = System.getProperty("java.class.path");
    if (cp.contains(java.io.File.pathSeparator) || Files.isDirectory(Path.of(cp))) {
      throw new IllegalStateException(
          "run the exec benchmark from the bench JAR (bench/run exec): CDS needs a JAR classpath");
    }
    variant(table, "JDK defaults, no CDS", List.of(), false);
    variant(table, "p2psim flags, no CDS", ExecAdapter.Builder.DEFAULT_JVM_OPTIONS, false);
    variant(table, "p2psim flags + CDS archive", ExecAdapter.Builder.DEFAULT_JVM_OPTIONS, true);
  }

  private void variant(Table table, String name, List<String> flags, boolean cds) throws Exception {
    Path dir = Files.createTempDirectory("p2psim-bench-exec-");
    try (ExecAdapter adapter =
        ExecAdapter.builder(dir)
            .jvmOptions(flags)
            .classDataSharing(cds)
            .startTimeout(java.time.Duration.ofSeconds(60))
            .build()) {
      if (cds) {
        // The archive is made once per base dir; its one-off cost is not a start-up cost.
        ExecNode first = adapter.newNode(config());
        first.start(Map.of()).toCompletableFuture().get(120, TimeUnit.SECONDS);
        first.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      int runs = quick ? 3 : 9;
      long[] single = new long[runs];
      long rss = 0;
      for (int i = 0; i < runs; i++) {
        ExecNode n = adapter.newNode(config());
        long t0 = System.nanoTime();
        n.start(Map.of()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        single[i] = (System.nanoTime() - t0) / 1_000_000;
        if (i == runs - 1) {
          Thread.sleep(2000); // idle
          rss = residentKiB(n.pid().orElseThrow());
        }
        n.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      Arrays.sort(single);
      int parallel = 20;
      List<ExecNode> many = new ArrayList<>();
      for (int i = 0; i < parallel; i++) {
        many.add(adapter.newNode(config()));
      }
      long t0 = System.nanoTime();
      CompletableFuture.allOf(
              many.stream()
                  .map(n -> n.start(Map.of()).toCompletableFuture())
                  .toArray(CompletableFuture[]::new))
          .get(300, TimeUnit.SECONDS);
      long all = (System.nanoTime() - t0) / 1_000_000;
      table.add(
          "exec node start, one at a time: " + name,
          single[runs / 2] + " ms",
          String.format(
              "median of %d (min %d, max %d); idle child %.0f MiB resident",
              runs, single[0], single[runs - 1], rss / 1024.0));
      table.add(
          "exec node start, 20 at once: " + name,
          String.format("%.1f s", all / 1000.0),
          "until all 20 are ready");
    } finally {
      deleteQuietly(dir);
    }
  }

  private static NodeConfig config() {
    return NodeConfig.builder().services("pingpong").build();
  }

  private static long residentKiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
