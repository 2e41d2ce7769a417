package org.p2psim.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the benchmarks named on the command line (all by default) and prints one table. */
public final class Bench {

  private Bench() {}

  /**
   * {@code [rlpx] [links] [rpc] [events] [exec] [network] [scale] [--quick]}; scale runs only when
   * named.
   */
  public static void main(String[] args) throws Exception {
    List<String> names = new ArrayList<>(Arrays.asList(args));
    boolean quick = names.remove("--quick");
    if (names.isEmpty()) {
      names.add("rlpx");
      names.add("links");
      names.add("rpc");
      names.add("events");
      names.add("exec");
      names.add("network");
    }
    Table table = new Table();
    for (String name : names) {
      switch (name) {
        case "rlpx" -> new RlpxBench(quick).run(table);
        case "rpc" -> new RpcBench(quick).run(table);
        case "events" -> new PeerEventBench(quick).run(table);
        case "links" -> new LinkBench(quick).run(table);
        case "exec" -> new ExecStartBench(quick).run(table);
        case "scale" -> new ScaleBench(quick, scaleRuns(quick)).run(table);
        case "network" -> {
          new NetworkEventBench(quick).run(table);
          new NetworkExecBench(quick).run(table);
        }
        default -> {
          System.err.println(
              "bench: unknown benchmark \""
                  + name
                  + "\"; known: rlpx, links, rpc, events, exec, network, scale");
          System.exit(2);
        }
      }
    }
    System.out.println();
    System.out.printf(
        "p2psim benchmarks: %d cores, Java %s, %s%n%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.version(),
        System.getProperty("os.arch"));
    table.print(System.out);
  }

  /**
   * The scale runs: {@code -Dp2psim.scale=pipes:1000,tcp:1000,plain:50000@10000} picks them (the
   * 50,000 nodes pinging every 10 s: at 1 s their traffic is more than two cores carry and the
   * connects crawl behind it), else a default list.
   */
  private static List<ScaleBench.Run> scaleRuns(boolean quick) {
    String chosen = System.getProperty("p2psim.scale");
    if (chosen == null) {
      chosen =
          quick
              ? "pipes:100,pipes:500,tcp:500,plain:500"
              : "pipes:100,pipes:500,pipes:1000,pipes:2000,tcp:2000,pipes:5000,pipes:10000,plain:50000@10000";
    }
    return Arrays.stream(chosen.split(",")).map(String::trim).map(ScaleBench.Run::parse).toList();
  }
}
