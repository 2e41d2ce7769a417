package org.p2psim.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.inproc.InProcAdapter;
import org.p2psim.api.Link;
import org.p2psim.api.Node;
import org.p2psim.api.NodeAdapter;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.examples.pingpong.RoundTrips;
import org.p2psim.network.Event;
import org.p2psim.network.EventSubscription;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.network.inject.SimulationModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one-command tour: start a network of real nodes, connect it, watch it, stop it. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts N nodes (child JVMs, or all in this JVM with --adapter inproc), connects them,",
      "shows a live table of their counts (a one-screen summary past 20 nodes), prints a",
      "summary and stops everything (Ctrl-C stops early, leaving nothing behind)."
    })
final class DemoCommand implements Callable<Integer> {

  enum Topology {
    ring,
    chain,
    star,
    full
  }

  /** Where nodes run, with how many nodes the demo allows there. */
  enum AdapterName {
    exec(2, 200, "exec adapter", "one JVM per node"),
    inproc(2, 10_000, "inproc adapter", "all nodes in this JVM");

    final int min;
    final int max;
    final String label;
    final String how;

    AdapterName(int min, int max, String label, String how) {
      this.min = min;
      this.max = max;
      this.label = label;
      this.how = how;
    }
  }

  /** Past this many nodes the live view is a summary instead of a row per node. */
  static final int TABLE_MAX = 20;

  /** A full mesh past this many nodes has more links than the demo should make. */
  static final int FULL_MAX = 200;

  enum ServiceName {
    pingpong,
    gossip
  }

  @Option(
      names = "--adapter",
      defaultValue = "exec",
      description =
          "where nodes run: exec (child JVMs, 2 to 200 nodes) or inproc (all in this JVM, 2 to"
              + " 10000 nodes) (default: ${DEFAULT-VALUE})")
  AdapterName adapter;

  @Option(names = "--nodes", defaultValue = "5", description = "how many nodes (default: 5)")
  int nodes;

  @Option(
      names = "--topology",
      defaultValue = "ring",
      description = "ring, chain, star or full (default: ${DEFAULT-VALUE})")
  Topology topology;

  @Option(
      names = "--service",
      defaultValue = "pingpong",
      description = "pingpong or gossip (default: ${DEFAULT-VALUE})")
  ServiceName service;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "how long to run once connected, e.g. 30s, 2m (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(
      names = "--link",
      converter = LinkConverter.class,
      description =
          "conditions of every link, each way, e.g. latency=50ms,jitter=5ms,bandwidth=1000000"
              + " (Go durations, bits/s; default: none)")
  Link link;

  @Option(
      names = "--dir",
      description =
          "where node directories go (default: p2psim-demo in the temp dir; node directories are"
              + " removed at the end, the class-data-sharing archive is kept for the next run)")
  Path dir;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    check(adapter, nodes, topology);
    boolean ownDir = dir == null;
    Path base =
        ownDir
            ? Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "p2psim-demo"))
            : dir;
    NodeAdapter nodeAdapter;
    Runnable close;
    Supplier<List<Path>> dirs;
    String done;
    if (adapter == AdapterName.exec) {
      out.println(
          "Preparing (the first run on a new build also makes a class-data-sharing archive)…");
      // No spare child: the demo starts its nodes once and never again, so a spare would idle.
      ExecAdapter exec = ExecAdapter.builder(base).spares(0).build();
      nodeAdapter = exec;
      close = exec::close;
      dirs = () -> exec.nodes().values().stream().map(n -> n.dir()).toList();
      done = "Done; no node process is left.";
    } else {
      InProcAdapter inproc = InProcAdapter.builder(base).build();
      nodeAdapter = inproc;
      close = inproc::close;
      dirs = () -> inproc.nodes().values().stream().map(n -> n.dir()).toList();
      done = "Done; every node is stopped.";
    }
    // Stops every node once: on the way out of run(), or from the shutdown hook on Ctrl-C.
    Thread cleanup =
        new Thread(
            () -> {
              out.println("Stopping " + nodes + " nodes…");
              close.run();
              if (ownDir) {
                dirs.get().forEach(DemoCommand::deleteQuietly);
              }
              out.println(done);
              out.flush();
            },
            "p2psim-demo-stop");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      run(nodeAdapter);
    } catch (Exception e) {
      if (!shuttingDown(cleanup)) {
        cleanup.run();
        throw e;
      }
      return 130; // Ctrl-C: the hook is stopping the nodes, which is why run() failed
    }
    if (!shuttingDown(cleanup)) {
      cleanup.run();
    }
    return 0;
  }

  /**
   * Whether the JVM is shutting down (Ctrl-C), in which case {@code hook} runs by itself; when not,
   * the hook is removed so that the caller runs it.
   */
  private static boolean shuttingDown(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  /**
   * Refuses what the demo cannot run, saying what is allowed. In-process nodes connect through
   * in-memory pipes, so they need no file descriptor per node or link.
   *
   * @throws IllegalArgumentException for a number of nodes outside the adapter's range, or a full
   *     mesh too large to make
   */
  static void check(AdapterName adapter, int nodes, Topology topology) {
    if (nodes < adapter.min || nodes > adapter.max) {
      throw new IllegalArgumentException(
          "bad --nodes "
              + nodes
              + ": expected "
              + adapter.min
              + " to "
              + adapter.max
              + " on the "
              + adapter.label);
    }
    if (topology == Topology.full && nodes > FULL_MAX) {
      throw new IllegalArgumentException(
          "bad --nodes "
              + nodes
              + " for --topology full: expected at most "
              + FULL_MAX
              + " (a full mesh of n nodes has n(n-1)/2 links)");
    }
  }

  /**
   * How long one connection may take to come up: dials are made all at once, so the last handshakes
   * of a large in-process run wait behind the others (about 10 ms of CPU each on two cores, and
   * more when the machine is shared); never less than a minute.
   */
  static Duration connectTimeout(int links) {
    return Duration.ofSeconds(Math.max(60, links / 25L));
  }

  /**
   * How often a pingpong node pings each peer: every 500 ms up to 500 nodes, then less often so
   * that a ring sends about 4,000 Pings a second however large it is. At 5,000 nodes every 500 ms
   * the nodes' traffic (MACs on two cores) starved the handshakes of the conns still to come.
   */
  static Duration pingInterval(int nodes) {
    return Duration.ofMillis(Math.max(500, nodes));
  }

  private void run(NodeAdapter nodeAdapter) throws Exception {
    out.printf(
        "p2psim demo: %d %s nodes in a %s, on the %s (%s)%n",
        nodes, service, topology, adapter.label, adapter.how);
    if (service == ServiceName.pingpong) {
      out.printf("Each node pings each peer every %d ms.%n", pingInterval(nodes).toMillis());
    }
    if (link != null) {
      out.printf("Every link has %s each way.%n", link);
    }
    // The simulation side is assembled as a user's would be: the network on the bound adapter.
    Injector injector =
        Guice.createInjector(
            new SimulationModule(
                NetworkConfig.DEFAULT
                    .withId("demo")
                    .withDefaultService(service.name())
                    .withConnectTimeout(connectTimeout(links(nodes, topology))),
                1),
            binder -> binder.bind(NodeAdapter.class).toInstance(nodeAdapter));
    try (Network net = injector.getInstance(Network.class)) {
      List<NodeId> ids = new ArrayList<>();
      for (int i = 1; i <= nodes; i++) {
        ids.add(
            net.create(
                    NodeConfig.builder()
                        .name(String.format(nodes > 99 ? "node%05d" : "node%02d", i))
                        .property("interval", pingInterval(nodes).toMillis())
                        .build())
                .id());
      }
      long[] startMillis = new long[nodes];
      Progress progress = new Progress(out, "Starting nodes", nodes);
      List<CompletableFuture<Void>> starts = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < nodes; i++) {
        int n = i;
        long s = System.nanoTime();
        starts.add(
            net.start(ids.get(i))
                .toCompletableFuture()
                .thenRun(
                    () -> {
                      startMillis[n] = (System.nanoTime() - s) / 1_000_000;
                      progress.step();
                    }));
      }
      await(
          CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)), Duration.ofMinutes(5));
      long allUp = (System.nanoTime() - t0) / 1_000_000;
      progress.done(String.format("all %d up in %.1f s", nodes, allUp / 1000.0));
      if (link != null) {
        await(net.setDefaultLink(link).toCompletableFuture(), Duration.ofMinutes(1));
      }

      int links = links(nodes, topology);
      Progress linking = new Progress(out, "Connecting", links);
      long c0 = System.nanoTime();
      try (EventSubscription watch =
          net.subscribe(
              e -> {
                if (e.type() == Event.Type.CONN && !e.control() && e.conn().up()) {
                  linking.step();
                }
              })) {
        // Each connection fails by itself after connectTimeout; this bound is only a backstop.
        await(connect(net, topology, ids), connectTimeout(links).plusMinutes(1));
      }
      long allConnected = (System.nanoTime() - c0) / 1_000_000;
      linking.done(String.format("%d links up in %.1f s", links, allConnected / 1000.0));

      Random random = injector.getInstance(Random.class);
      AtomicInteger published = new AtomicInteger();
      long end = System.nanoTime() + duration.toNanos();
      Table table = new Table(out);
      boolean summaryView = nodes > TABLE_MAX;
      // The summary view reads a fixed sample of nodes each second; the table reads every node.
      List<NodeId> sample = new ArrayList<>(ids);
      java.util.Collections.shuffle(sample, random);
      sample = List.copyOf(sample.subList(0, Math.min(LiveSummary.SAMPLE, nodes)));
      // Readings of the sample, newest last, over a window as long as a Ping interval (1 to 10 s):
      // a node pings each peer once an interval, so a shorter window would count in bursts.
      long window = Math.min(10_000, Math.max(1000, pingInterval(nodes).toMillis())) * 1_000_000L;
      java.util.ArrayDeque<Reading> readings = new java.util.ArrayDeque<>();
      if (summaryView) {
        readings.add(new Reading(System.nanoTime(), counts(net, sample)));
      }
      while (System.nanoTime() < end) {
        if (service == ServiceName.gossip) {
          net.adapterNode(ids.get(random.nextInt(nodes)))
              .client()
              .call("gossip_publish", String.class, "hello #" + published.incrementAndGet());
        }
        long left = (end - System.nanoTime()) / 1_000_000_000L;
        if (summaryView) {
          Thread.sleep(1000);
          long[] after = counts(net, sample);
          long now = System.nanoTime();
          while (readings.size() > 1 && now - readings.peekFirst().nanos() > window) {
            readings.removeFirst();
          }
          Reading first = readings.peekFirst();
          // Time left when drawn, so that the last screen says 0 and is drawn off a terminal too.
          left = Math.max(0, (end - now) / 1_000_000_000L);
          table.drawLines(
              LiveSummary.lines(
                  view(
                      net,
                      ids,
                      links,
                      first.counts(),
                      after,
                      Duration.ofNanos(now - first.nanos()),
                      left,
                      published.get())),
              left);
          readings.addLast(new Reading(now, after));
        } else {
          table.draw(rows(net, ids), left);
          Thread.sleep(1000);
        }
      }
      List<Map<String, Object>> last = rows(net, ids);
      if (!summaryView) {
        table.draw(last, 0);
      }
      summary(last, links, startMillis, allUp, allConnected, published.get());
      if (service == ServiceName.pingpong) {
        out.println(roundTrips(net, sample));
      }
    }
  }

  /**
   * The median of the sample's median Ping round trips, as its nodes measured them: what a {@code
   * --link} latency adds shows here.
   */
  private static String roundTrips(Network net, List<NodeId> sample) throws Exception {
    List<Double> medians = new ArrayList<>();
    for (NodeId id : sample) {
      net
          .adapterNode(id)
          .client()
          .call("pingpong_roundTrips", RoundTrips.BY_PEER)
          .toCompletableFuture()
          .get(10, TimeUnit.SECONDS)
          .values()
          .stream()
          .filter(t -> t.count() > 0)
          .forEach(t -> medians.add(t.medianMs()));
    }
    if (medians.isEmpty()) {
      return "  round trips      none measured yet";
    }
    medians.sort(null);
    return String.format(
        "  round trips      %.1f ms median over %d peers' last Pings (pingpong)",
        medians.get(medians.size() / 2), medians.size());
  }

  /** Connects {@code ids} in {@code topology} through the network; completes when all are up. */
  static CompletionStage<Void> connect(Network net, Topology topology, List<NodeId> ids) {
    return switch (topology) {
      case ring -> net.connectRing(ids);
      case chain -> net.connectChain(ids);
      case star -> net.connectStar(ids.get(0), ids);
      case full -> net.connectFull(ids);
    };
  }

  /** How many connections {@code topology} makes between {@code n} nodes. */
  static int links(int n, Topology topology) {
    return switch (topology) {
      case ring -> n > 2 ? n : n - 1;
      case chain, star -> n - 1;
      case full -> n * (n - 1) / 2;
    };
  }

  /** Waits for {@code stage}, failing with its own error (a network's message says what failed). */
  private static <T> T await(CompletionStage<T> stage, Duration timeout) throws Exception {
    try {
      return stage.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(cause.getMessage(), cause);
    }
  }

  /** The sample's counts, read at {@code nanos}. */
  private record Reading(long nanos, long[] counts) {}

  /** The live summary's figures: the network's own state, and the counts of the sample. */
  private LiveSummary.View view(
      Network net,
      List<NodeId> ids,
      int links,
      long[] before,
      long[] after,
      Duration interval,
      long secondsLeft,
      long published) {
    List<org.p2psim.network.ConnState> conns = net.conns();
    Runtime rt = Runtime.getRuntime();
    boolean gossip = service == ServiceName.gossip;
    return new LiveSummary.View(
        secondsLeft,
        nodes,
        net.upNodes().size(),
        links,
        (int) conns.stream().filter(org.p2psim.network.ConnState::up).count(),
        LiveSummary.peersPerNode(ids, conns),
        LiveSummary.perSecond(before, after, interval, nodes),
        after.length,
        interval,
        gossip ? published : -1,
        gossip ? LiveSummary.Spread.of(after) : LiveSummary.Spread.NONE,
        rt.totalMemory() - rt.freeMemory(),
        rt.maxMemory(),
        adapter == AdapterName.inproc);
  }

  /**
   * One count per node of {@code sample}: pings sent plus pongs received (pingpong), or messages
   * seen (gossip); a node that does not answer within 10 s fails the demo.
   */
  private long[] counts(Network net, List<NodeId> sample) throws Exception {
    List<CompletableFuture<Long>> futures = new ArrayList<>();
    for (NodeId id : sample) {
      Node n = net.adapterNode(id);
      if (service == ServiceName.pingpong) {
        futures.add(
            n.client()
                .call("pingpong_counts", Map.class)
                .toCompletableFuture()
                .thenApply(
                    c -> {
                      Map<?, ?> total = (Map<?, ?>) c.get("total");
                      return ((Number) total.get("sent")).longValue()
                          + ((Number) total.get("pongs")).longValue();
                    }));
      } else {
        futures.add(
            n.client()
                .call("gossip_seen", List.class)
                .toCompletableFuture()
                .thenApply(l -> (long) l.size()));
      }
    }
    long[] counts = new long[sample.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = futures.get(i).get(10, TimeUnit.SECONDS);
    }
    return counts;
  }

  private List<Map<String, Object>> rows(Network net, List<NodeId> ids) throws Exception {
    List<CompletableFuture<Map<String, Object>>> futures = new ArrayList<>();
    for (NodeId id : ids) {
      Node n = net.adapterNode(id);
      CompletableFuture<List> peers =
          n.client().call("admin_peers", List.class).toCompletableFuture();
      CompletableFuture<Object> counts =
          n.client()
              .call(
                  service == ServiceName.pingpong ? "pingpong_counts" : "gossip_seen", Object.class)
              .toCompletableFuture();
      futures.add(
          peers.thenCombine(
              counts,
              (p, c) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", n.config().name());
                row.put("id", n.id().shortHex());
                row.put("peers", p.size());
                if (service == ServiceName.pingpong) {
                  @SuppressWarnings("unchecked")
                  Map<String, Object> total =
                      (Map<String, Object>) ((Map<String, Object>) c).get("total");
                  row.put("pings sent", total.get("sent"));
                  row.put("pings received", total.get("received"));
                  row.put("pongs", total.get("pongs"));
                } else {
                  row.put("messages seen", ((List<?>) c).size());
                }
                return row;
              }));
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CompletableFuture<Map<String, Object>> f : futures) {
      rows.add(f.get(10, TimeUnit.SECONDS));
    }
    return rows;
  }

  private void summary(
      List<Map<String, Object>> rows,
      int links,
      long[] startMillis,
      long allUp,
      long allConnected,
      int published) {
    long messages = 0;
    for (Map<String, Object> r : rows) {
      for (String k : List.of("pings sent", "pongs", "messages seen")) {
        Object v = r.get(k);
        if (v instanceof Number num) {
          messages += num.longValue();
        }
      }
    }
    long[] sorted = startMillis.clone();
    java.util.Arrays.sort(sorted);
    out.println();
    out.println("Summary");
    out.printf("  nodes            %d (%s, %s)%n", nodes, service, adapter.label);
    out.printf("  links            %d (%s)%n", links, topology);
    out.printf(
        "  connecting       %.1f s until all %d links were up%n", allConnected / 1000.0, links);
    out.printf(
        "  messages         %d %s%n",
        messages,
        service == ServiceName.pingpong
            ? "(pings and pongs)"
            : "(message deliveries; " + published + " published)");
    out.printf(
        "  start-up         %d ms median, %d ms min, %d ms max per node; all %d up in %.1f s%n",
        sorted[sorted.length / 2], sorted[0], sorted[sorted.length - 1], nodes, allUp / 1000.0);
    out.printf("  ran for          %d s once connected%n", duration.toSeconds());
    if (adapter == AdapterName.inproc) {
      System.gc(); // once, so that the figure is the nodes' and not garbage's
      Runtime rt = Runtime.getRuntime();
      long used = rt.totalMemory() - rt.freeMemory();
      out.printf(
          "  heap used        %d MiB after a GC, about %d KiB per node (all nodes in this JVM)%n",
          used >> 20, (used >> 10) / nodes);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a node directory left in the temp dir is harmless
    }
  }

  /**
   * A one-line progress bar, redrawn in place on a terminal; elsewhere a line at the start, at the
   * end and, from 100 steps on, at each tenth.
   */
  static final class Progress {
    private final PrintStream out;
    private final String what;
    private final int total;
    private final AtomicInteger count = new AtomicInteger();
    private final boolean tty = System.console() != null;

    Progress(PrintStream out, String what, int total) {
      this.out = out;
      this.what = what;
      this.total = total;
      draw(0);
    }

    void step() {
      draw(count.incrementAndGet());
    }

    void set(int n) {
      if (count.getAndSet(n) != n) {
        draw(n);
      }
    }

    private synchronized void draw(int n) {
      int width = 30;
      int filled = total == 0 ? width : n * width / total;
      String bar = "#".repeat(filled) + " ".repeat(width - filled);
      if (tty) {
        out.printf("\r%-16s [%s] %d/%d", what, bar, n, total);
      } else if (n == total || n == 0 || (total >= 100 && n % (total / 10) == 0)) {
        // Off a terminal: the ends, and each tenth of a long run
        out.printf("%-16s [%s] %d/%d%n", what, bar, n, total);
      }
      out.flush();
    }

    synchronized void done(String note) {
      if (tty) {
        out.printf("\r%-16s [%s] %d/%d  %s%n", what, "#".repeat(30), total, total, note);
      } else {
        out.printf("%-16s %s%n", what, note);
      }
    }
  }

  /** The live per-node table, redrawn in place on a terminal. */
  static final class Table {
    private final PrintStream out;
    private final boolean tty = System.console() != null;
    private int lastLines;
    private long lastSecondsLeft = -1;

    Table(PrintStream out) {
      this.out = out;
    }

    void draw(List<Map<String, Object>> rows, long secondsLeft) {
      if (rows.isEmpty()) {
        return;
      }
      drawLines(lines(rows, secondsLeft), secondsLeft);
    }

    private static List<String> lines(List<Map<String, Object>> rows, long secondsLeft) {
      List<String> cols = new ArrayList<>(rows.get(0).keySet());
      int[] w = new int[cols.size()];
      for (int c = 0; c < cols.size(); c++) {
        w[c] = cols.get(c).length();
        for (Map<String, Object> r : rows) {
          w[c] = Math.max(w[c], String.valueOf(r.get(cols.get(c))).length());
        }
      }
      List<String> lines = new ArrayList<>();
      lines.add(String.format("live (%d s left)", secondsLeft));
      StringBuilder head = new StringBuilder();
      for (int c = 0; c < cols.size(); c++) {
        head.append(String.format("%-" + (w[c] + 2) + "s", cols.get(c)));
      }
      lines.add(head.toString().stripTrailing());
      for (Map<String, Object> r : rows) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cols.size(); c++) {
          line.append(String.format("%-" + (w[c] + 2) + "s", r.get(cols.get(c))));
        }
        lines.add(line.toString().stripTrailing());
      }
      return lines;
    }

    /** Draws {@code lines} over the last ones on a terminal; elsewhere every 10 s only. */
    void drawLines(List<String> lines, long secondsLeft) {
      if (tty && lastLines > 0) {
        out.printf("\033[%dA", lastLines); // back to the table's first line
      } else if (!tty && (secondsLeft % 10 != 0 || secondsLeft == lastSecondsLeft)) {
        return; // not a terminal: a table every 10 s is enough
      }
      lastSecondsLeft = secondsLeft;
      for (String l : lines) {
        out.print(l);
        out.println(tty ? "\033[K" : "");
      }
      out.flush();
      lastLines = lines.size();
    }
  }

  /** Parses {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT30S}. */
  /** {@code latency=50ms,jitter=5ms,bandwidth=1000000}: the link JSON's fields as pairs. */
  static final class LinkConverter implements picocli.CommandLine.ITypeConverter<Link> {
    @Override
    public Link convert(String value) {
      Map<String, String> fields = new java.util.HashMap<>();
      for (String part : value.split(",")) {
        int eq = part.indexOf('=');
        String key = eq < 0 ? part.trim() : part.substring(0, eq).trim();
        if (eq < 0 || !List.of("latency", "jitter", "bandwidth").contains(key)) {
          throw new picocli.CommandLine.TypeConversionException(
              "bad link \""
                  + value
                  + "\": expected latency=<duration>, jitter=<duration> and bandwidth=<bits/s>,"
                  + " e.g. latency=50ms,bandwidth=1000000");
        }
        if (fields.put(key, part.substring(eq + 1).trim()) != null) {
          throw new picocli.CommandLine.TypeConversionException(
              "bad link \"" + value + "\": " + key + " is given twice");
        }
      }
      try {
        String bandwidth = fields.get("bandwidth");
        Long bits = null;
        if (bandwidth != null) {
          try {
            bits = Long.parseLong(bandwidth);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "bandwidth \"" + bandwidth + "\" is not a whole number of bits/s");
          }
        }
        return Link.fromJson(fields.get("latency"), fields.get("jitter"), bits);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "bad link \"" + value + "\": " + e.getMessage());
      }
    }
  }

  static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    /** The longest demo run: a day. */
    static final Duration MAX = Duration.ofDays(1);

    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      Duration d;
      try {
        if (v.startsWith("pt")) {
          d = Duration.parse(value);
        } else {
          long n = Long.parseLong(v.substring(0, v.length() - 1));
          d =
              switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException();
              };
        }
      } catch (RuntimeException e) {
        throw new picocli.CommandLine.TypeConversionException(
            "bad duration \"" + value + "\": expected e.g. 30s, 2m or 1h");
      }
      if (d.isNegative() || d.compareTo(MAX) > 0) {
        throw new picocli.CommandLine.TypeConversionException(
            "bad duration \"" + value + "\": expected 0s to 24h");
      }
      return d;
    }
  }
}
