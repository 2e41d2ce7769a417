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
 * JDK's default flags, with p2psim's flags, with p2psim's flags and the CDS archive, and with a
 * spare child kept ready.
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
    List<String> flags = ExecAdapter.Builder.DEFAULT_JVM_OPTIONS;
    int cores = Runtime.getRuntime().availableProcessors();
    variant(table, "JDK defaults, no CDS", jdkDefaults(), false, 0, 20);
    variant(table, "p2psim flags, no CDS", flags, false, 0, 20);
    variant(table, "p2psim flags + CDS archive", flags, true, 0, 20);
    variant(table, "flags + CDS, " + cores + " booting at a time", flags, true, 0, cores);
    variant(table, "flags + CDS + 1 spare child", flags, true, 1, cores);
  }

  private void variant(
      Table table, String name, List<String> flags, boolean cds, int spares, int parallelStarts)
      throws Exception {
    Path dir = Files.createTempDirectory("p2psim-bench-exec-");
    try (ExecAdapter adapter =
        ExecAdapter.builder(dir)
            .jvmOptions(flags)
            .classDataSharing(cds)
            // Its own cache, removed with the rest: the archive's one-off cost stays out of the
            // figures either way (below), and the user's cache gets no archive of each build.
            .classDataSharingCache(dir.resolve("cds-cache"))
            .spares(spares)
            .parallelStarts(parallelStarts)
            .startTimeout(java.time.Duration.ofSeconds(60))
            .build()) {
      if (cds) {
        // The archive is made once; its one-off cost is not a start-up cost.
        ExecNode first = adapter.newNode(config());
        first.start(Map.of()).toCompletableFuture().get(120, TimeUnit.SECONDS);
        first.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
      }
      int runs = quick ? 3 : 9;
      long[] single = new long[runs];
      long[] memory = {0, 0};
      for (int i = 0; i < runs; i++) {
        ExecNode n = adapter.newNode(config());
        if (spares > 0) {
          // Starts 1.5 s apart: time for the spare launched after the last start to prepare.
          Thread.sleep(1500);
        }
        long t0 = System.nanoTime();
        n.start(Map.of()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        single[i] = (System.nanoTime() - t0) / 1_000_000;
        if (i == runs - 1) {
          Thread.sleep(2000); // idle
          memory = memoryKiB(n.pid().orElseThrow());
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
      Thread.sleep(3000); // idle
      long[] rss = new long[parallel];
      long[] pss = new long[parallel];
      for (int i = 0; i < parallel; i++) {
        long[] m = memoryKiB(many.get(i).pid().orElseThrow());
        rss[i] = m[0];
        pss[i] = m[1];
      }
      Arrays.sort(rss);
      Arrays.sort(pss);
      table.add(
          "exec node start, one at a time: " + name,
          single[runs / 2] + " ms",
          String.format(
              "median of %d (min %d, max %d)%s; idle child %.1f MiB resident, %.1f MiB PSS",
              runs,
              single[0],
              single[runs - 1],
              spares > 0 ? ", 1.5 s apart" : "",
              memory[0] / 1024.0,
              memory[1] / 1024.0));
      table.add(
          "exec node start, 20 at once: " + name,
          String.format("%.1f s", all / 1000.0),
          String.format(
              "until all 20 are ready; idle, their median child %.1f MiB resident (max %.1f),"
                  + " %.1f MiB PSS",
              rss[parallel / 2] / 1024.0, rss[parallel - 1] / 1024.0, pss[parallel / 2] / 1024.0));
    } finally {
      deleteQuietly(dir);
    }
  }

  /**
   * No options: but the adapter adds a native-heap trim wherever the JDK has the flag, unless the
   * options set it, so here they set it to the JDK's default, off.
   */
  private static List<String> jdkDefaults() {
    try {
      java.lang.management.ManagementFactory.getPlatformMXBean(
              com.sun.management.HotSpotDiagnosticMXBean.class)
          .getVMOption("TrimNativeHeapInterval");
      return List.of("-XX:TrimNativeHeapInterval=0");
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }

  private static NodeConfig config() {
    return NodeConfig.builder().services("pingpong").build();
  }

  /**
   * Resident set and proportional set size: PSS counts pages shared with other processes (the JVM's
   * code, the class-data archive) in part, so it is what one more child costs.
   */
  private static long[] memoryKiB(long pid) throws IOException {
    long[] out = {-1, -1};
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
      if (line.startsWith("Rss:")) {
        out[0] = Long.parseLong(line.replaceAll("[^0-9]", ""));
      } else if (line.startsWith("Pss:")) {
        out[1] = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return out;
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp dir left behind is harmless
    }
  }
}
