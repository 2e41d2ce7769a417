package org.p2psim.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.p2psim.adapter.inproc.InProcAdapter;
import org.p2psim.adapter.inproc.Transport;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.network.ConnState;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;

/**
 * In-process networks of N pingpong nodes through {@link Network}: the time until all are up, until
 * a ring plus random chords is connected, the heap each node costs, and the pingpong messages per
 * second they then exchange. Nodes talk over in-memory pipes with full RLPx, over loopback TCP for
 * comparison, or over pipes without encryption for the largest run.
 */
final class ScaleBench {
  /** One row: N nodes linked how, pinging every {@code interval} ms. */
  record Run(int nodes, Transport transport, boolean encryption, long interval) {
    /**
     * Parses {@code pipes:N}, {@code tcp:N} or {@code plain:N} (pipes without encryption), each
     * with an optional {@code @<ms>} for pingpong's interval (default {@code
     * -Dp2psim.scale.interval}, else 1000).
     */
    static Run parse(String text) {
      String expected = "\": expected pipes:<n>, tcp:<n> or plain:<n>, each with an optional @<ms>";
      String[] parts = text.split("[:@]");
      if (parts.length != 2 && parts.length != 3) {
        throw new IllegalArgumentException("bad scale run \"" + text + expected);
      }
      int n = Integer.parseInt(parts[1]);
      long interval =
          parts.length == 3
              ? Long.parseLong(parts[2])
              : Long.getLong("p2psim.scale.interval", 1000);
      return switch (parts[0]) {
        case "pipes" -> new Run(n, Transport.PIPES, true, interval);
        case "tcp" -> new Run(n, Transport.TCP, true, interval);
        case "plain" -> new Run(n, Transport.PIPES, false, interval);
        default -> throw new IllegalArgumentException("bad scale run \"" + text + expected);
      };
    }

    String label() {
      return transport == Transport.TCP
          ? "loopback TCP"
          : encryption ? "in-memory pipes" : "pipes, no encryption";
    }
  }

  private static final int CHORDS_IN_FLIGHT = 64;

  private final boolean quick;
  private final List<Run> runs;

  ScaleBench(boolean quick, List<Run> runs) {
    this.quick = quick;
    this.runs = runs;
  }

  void run(Table table) throws Exception {
    for (Run r : runs) {
      measure(table, r);
    }
  }

  private void measure(Table table, Run run) throws Exception {
    int n = run.nodes();
    Path dir = Files.createTempDirectory("p2psim-bench-scale-");
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heap0 = memory.getHeapMemoryUsage().getUsed();
    try (InProcAdapter adapter =
            InProcAdapter.builder(dir)
                .transport(run.transport())
                .encryption(run.encryption())
                .build();
        Network net =
            new Network(
                adapter,
                NetworkConfig.DEFAULT
                    .withDefaultService("pingpong")
                    .withConnectTimeout(Duration.ofMinutes(2)))) {
      long t0 = System.nanoTime();
      List<NodeId> ids = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ids.add(net.create(NodeConfig.builder().property("interval", run.interval()).build()).id());
      }
      net.startAll().toCompletableFuture().get(30, TimeUnit.MINUTES);
      double up = (System.nanoTime() - t0) / 1e9;
      net.connectRing(ids).toCompletableFuture().get(30, TimeUnit.MINUTES);
      Random random = new Random(1);
      List<CompletableFuture<Void>> chords = new ArrayList<>();
      // At most 64 chords at once, as Network's topologies: all N/2 at once put thousands of
      // handshakes on the two cores together, and past ~1,500 (5 s of curve maths) they time out.
      Semaphore inFlight = new Semaphore(CHORDS_IN_FLIGHT);
      for (int i = 0; i < n / 2; i++) {
        NodeId a = ids.get(random.nextInt(n));
        NodeId b = ids.get(random.nextInt(n));
        if (!a.equals(b) && net.conn(a, b).isEmpty()) {
          if (!inFlight.tryAcquire(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("chords stalled: none ended in 5 minutes");
          }
          chords.add(
              net.connect(a, b)
                  .toCompletableFuture()
                  .exceptionally(e -> null)
                  .whenComplete((v, e) -> inFlight.release()));
        }
      }
      CompletableFuture.allOf(chords.toArray(CompletableFuture[]::new)).get(30, TimeUnit.MINUTES);
      double connected = (System.nanoTime() - t0) / 1e9;
      long conns = net.conns().stream().filter(ConnState::up).count();

      System.gc();
      long heap = memory.getHeapMemoryUsage().getUsed() - heap0;
      long before = pings(net, ids);
      long m0 = System.nanoTime();
      Thread.sleep(quick ? 3000 : 5000);
      long after = pings(net, ids);
      double rate = (after - before) / ((System.nanoTime() - m0) / 1e9);
      table.add(
          n + " in-process RLPx nodes, ring + chords (" + run.label() + ")",
          String.format("%.1f s", connected),
          String.format(
              "all up in %.1f s; %d conns (%.1f peers/node); heap %.0f KiB/node; %.0f pingpong"
                  + " msgs/s (a ping every %d ms)",
              up, conns, 2.0 * conns / n, heap / 1024.0 / n, rate, run.interval()));
    } finally {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The pings and pongs all nodes have sent so far. */
  @SuppressWarnings("unchecked")
  private static long pings(Network net, List<NodeId> ids) throws Exception {
    List<CompletableFuture<Map>> counts = new ArrayList<>();
    for (NodeId id : ids) {
      counts.add(
          net.adapterNode(id).client().call("pingpong_counts", Map.class).toCompletableFuture());
    }
    long sum = 0;
    for (CompletableFuture<Map> c : counts) {
      Map<String, Object> total = (Map<String, Object>) c.get(1, TimeUnit.MINUTES).get("total");
      sum += ((Number) total.get("sent")).longValue() + ((Number) total.get("pongs")).longValue();
    }
    return sum;
  }
}
