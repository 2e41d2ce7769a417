package org.p2psim.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
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
 * such nodes with service state loaded into a fresh network (until every connection is up). Beside
 * the ring, the floor under it: as many {@link BareVertxChild}ren, JVMs that do nothing but start
 * Vert.x with a node's two listeners, started the same way.
 */
final class NetworkExecBench {
  private static final long TICKS = 100; // clock ticks per second, Linux's USER_HZ

  private final boolean quick;

  NetworkExecBench(boolean quick) {
    this.quick = quick;
  }

  void run(Table table) throws Exception {
    int n = quick ? 40 : 100;
    ring(table, n);
    floor(table, n);
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
      long parent0 = parentCpuNanos();
      List<NodeId> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(net.create(NodeConfig.builder().build()).id());
      }
      net.startAll().toCompletableFuture().get(10, TimeUnit.MINUTES);
      double up = (System.nanoTime() - t0) / 1e9;
      net.connectRing(ids).toCompletableFuture().get(10, TimeUnit.MINUTES);
      double connected = (System.nanoTime() - t0) / 1e9;
      long parentMs = (parentCpuNanos() - parent0) / 1_000_000;
      List<Long> pids =
          adapter.nodes().values().stream()
              .map(ExecNode::pid)
              .filter(p -> p.isPresent())
              .map(p -> p.getAsLong())
              .toList();
      long childMs = cpuTicks(pids) * 1000 / TICKS;
      long conns = net.conns().stream().filter(ConnState::up).count();
      table.add(
          n + " exec nodes created, started and connected in a ring (Network)",
          String.format("%.1f s", connected),
          String.format(
              "all up after %.1f s, %d conns up; CPU per node: %d ms in its child, %d ms in this"
                  + " JVM; gossip nodes, 1 spare, default flags",
              up, conns, childMs / pids.size(), parentMs / n));

      Thread.sleep(10_000); // let start-up work (JIT compiles, first GCs) settle
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

  /**
   * {@code n} {@link BareVertxChild}ren started with the exec adapter's JVM flags and a
   * class-data-sharing archive of their own, as many booting at once as the adapter lets nodes boot
   * (one per core): the time until all are ready and the CPU each used to get there.
   */
  private void floor(Table table, int n) throws Exception {
    Path dir = Files.createTempDirectory("p2psim-bench-floor-");
    List<Process> children = new ArrayList<>();
    ExecutorService readers = Executors.newCachedThreadPool();
    try {
      String cp = System.getProperty("java.class.path");
      String main = BareVertxChild.class.getName();
      Path list = dir.resolve("bare.classlist");
      Path archive = dir.resolve("bare.jsa");
      // The archive, made as the adapter makes a node's: the classes one run loads, then a dump.
      Process training = start(dir, "-XX:DumpLoadedClassList=" + list, "-cp", cp, main);
      readyLine(training);
      training.getOutputStream().close();
      awaitExit(training, "the bare child that lists its classes");
      awaitExit(
          start(
              dir,
              "-Xshare:dump",
              "-XX:SharedClassListFile=" + list,
              "-XX:SharedArchiveFile=" + archive,
              "-cp",
              cp),
          "the JVM that dumps the bare children's archive");

      int cores = Runtime.getRuntime().availableProcessors();
      Semaphore booting = new Semaphore(cores);
      List<Future<?>> ready = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        booting.acquire();
        // -Xshare:on: a child that cannot map the archive fails instead of booting slower.
        Process p = start(dir, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-cp", cp, main);
        children.add(p);
        ready.add(
            readers.submit(
                () -> {
                  try {
                    readyLine(p);
                  } finally {
                    booting.release();
                  }
                  return null;
                }));
      }
      for (Future<?> f : ready) {
        f.get(2, TimeUnit.MINUTES);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      long cpuMs = cpuTicks(children.stream().map(Process::pid).toList()) * 1000 / TICKS;
      table.add(
          "floor: " + n + " bare Vert.x child JVMs started, " + cores + " booting at a time",
          String.format("%.1f s", secs),
          String.format(
              "until all print their ready line; %d ms of CPU each; a child only starts Vert.x"
                  + " and an HTTP and a TCP listener (CDS, the adapter's JVM flags)",
              cpuMs / n));
    } finally {
      for (Process p : children) {
        p.getOutputStream().close(); // a bare child exits when its stdin closes
      }
      for (Process p : children) {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      readers.shutdownNow();
      delete(dir);
    }
  }

  /** A child JVM with the exec adapter's flags and these arguments; its stderr is dropped. */
  private static Process start(Path dir, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ExecAdapter.Builder.DEFAULT_JVM_OPTIONS);
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd)
        .directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  private static void readyLine(Process p) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    if (out.readLine() == null) {
      throw new IOException("a bare child (pid " + p.pid() + ") exited before its ready line");
    }
  }

  private static void awaitExit(Process p, String what) throws Exception {
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(what + " did not finish within 2 minutes");
    }
    if (p.exitValue() != 0) {
      throw new IOException(what + " exited with " + p.exitValue());
    }
  }

  private static long parentCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
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
