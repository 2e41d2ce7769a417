package org.p2psim.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.network.ConnState;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.snapshot.NetworkSnapshot;

/**
 * Networks of exec nodes through {@link Network}: N nodes created, started and connected in a ring
 * (until every connection is up), the CPU the idle children then use together, and a snapshot of 20
 * such nodes with service state loaded into a fresh network (until every connection is up).
 */
final class NetworkExecBench {
  private static final long TICKS = 100; // clock ticks per second, Linux's USER_HZ

  private final boolean quick;

  NetworkExecBench(boolean quick) {
    this.quick = quick;
  }

  void run(Table table) throws Exception {
    ring(table, quick ? 40 : 100);
    snapshot(table, 20);
  }

  private static ExecAdapter adapter(Path dir) {
    return ExecAdapter.builder(dir.resolve("nodes"))
        .classDataSharingCache(dir.resolve("cds-cache"))
        .startTimeout(Duration.ofSeconds(120))
        .build();
  }

  private static Network network(ExecAdapter adapter) {
    return new Network(
        adapter,
        NetworkConfig.DEFAULT
            .withDefaultService("gossip")
            .withConnectTimeout(Duration.ofSeconds(60)));
  }

  private void ring(Table table, int n) throws Exception {
    Path dir = Files.createTempDirectory("p2psim-bench-net-");
    try (ExecAdapter adapter = adapter(dir);
        Network net = network(adapter)) {
      warm(adapter); // the archive is made once per build; its cost is not the network's
      long t0 = System.nanoTime();
      List<NodeId> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(net.create(NodeConfig.builder().build()).id());
      }
      net.startAll().toCompletableFuture().get(10, TimeUnit.MINUTES);
      double up = (System.nanoTime() - t0) / 1e9;
      net.connectRing(ids).toCompletableFuture().get(10, TimeUnit.MINUTES);
      double connected = (System.nanoTime() - t0) / 1e9;
      long conns = net.conns().stream().filter(ConnState::up).count();
      table.add(
          n + " exec nodes created, started and connected in a ring (Network)",
          String.format("%.1f s", connected),
          String.format(
              "all up after %.1f s, %d conns up; gossip nodes, 1 spare, default flags", up, conns));

      Thread.sleep(10_000); // let start-up work (JIT compiles, first GCs) settle
      List<Long> pids =
          adapter.nodes().values().stream()
              .map(ExecNode::pid)
              .filter(p -> p.isPresent())
              .map(p -> p.getAsLong())
              .toList();
      long before = cpuTicks(pids);
      long w0 = System.nanoTime();
      Thread.sleep(quick ? 5000 : 10_000);
      double secs = (System.nanoTime() - w0) / 1e9;
      double cores = (cpuTicks(pids) - before) / (double) TICKS / secs;
      table.add(
          "CPU of " + pids.size() + " idle exec nodes together",
          String.format("%.3f cores", cores),
          String.format(
              "user+system time of their processes over %.0f s, connected in a ring, no traffic",
              secs));
    } finally {
      delete(dir);
    }
  }

  private void snapshot(Table table, int n) throws Exception {
    Path dir = Files.createTempDirectory("p2psim-bench-snap-");
    try (ExecAdapter adapter = adapter(dir)) {
      NetworkSnapshot saved;
      try (Network net = network(adapter)) {
        warm(adapter);
        List<NodeId> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ids.add(net.create(NodeConfig.builder().build()).id());
        }
        net.startAll().toCompletableFuture().get(10, TimeUnit.MINUTES);
        net.connectRing(ids).toCompletableFuture().get(10, TimeUnit.MINUTES);
        for (int i = 0; i < 10; i++) {
          net.adapterNode(ids.get(i))
              .client()
              .call("gossip_publish", String.class, "m" + i)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
        }
        Thread.sleep(1000); // the messages spread: each node's seen set is its service state
        saved = net.snapshot().toCompletableFuture().get(1, TimeUnit.MINUTES);
      }
      long bytes =
          saved.nodes().stream()
              .mapToLong(s -> s.snapshots().values().stream().mapToLong(String::length).sum())
              .sum();
      try (Network fresh = network(adapter)) {
        long t0 = System.nanoTime();
        fresh.load(saved, Duration.ofMinutes(5)).toCompletableFuture().get(10, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - t0) / 1e9;
        long conns = fresh.conns().stream().filter(ConnState::up).count();
        table.add(
            "snapshot of " + n + " exec nodes in a ring loaded, until all conns are up",
            String.format("%.1f s", secs),
            String.format(
                "%d nodes up, %d conns up; gossip state %d base64 chars in all",
                fresh.upNodes().size(), conns, bytes));
      }
    } finally {
      delete(dir);
    }
  }

  /** Starts and stops one node, so that the archive exists and a spare is ready. */
  private static void warm(ExecAdapter adapter) throws Exception {
    ExecNode n = adapter.newNode(NodeConfig.builder().services("gossip").build());
    n.start(Map.of()).toCompletableFuture().get(5, TimeUnit.MINUTES);
    n.stop().toCompletableFuture().get(1, TimeUnit.MINUTES);
  }

  /** utime + stime of these processes, in clock ticks, from /proc/<pid>/stat. */
  private static long cpuTicks(List<Long> pids) throws Exception {
    long sum = 0;
    for (long pid : pids) {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
    }
    return sum;
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      // a temp dir left behind is harmless
    }
  }
}
