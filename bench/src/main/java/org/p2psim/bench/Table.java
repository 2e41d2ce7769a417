package org.p2psim.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A Markdown table of results, printed at the end of a run. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  /** Adds a row and echoes it to stderr so a long run shows progress. */
  void add(String benchmark, String result, String detail) {
    rows.add(new String[] {benchmark, result, detail});
    System.err.printf("  %-60s %s  %s%n", benchmark, result, detail);
  }

  void print(PrintStream out) {
    int[] w = {"benchmark".length(), "result".length(), "detail".length()};
    for (String[] r : rows) {
      for (int i = 0; i < 3; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    String fmt = "| %-" + w[0] + "s | %" + w[1] + "s | %-" + w[2] + "s |%n";
    out.printf(fmt, "benchmark", "result", "detail");
    out.printf("|%s|%s:|%s|%n", "-".repeat(w[0] + 2), "-".repeat(w[1] + 1), "-".repeat(w[2] + 2));
    for (String[] r : rows) {
      out.printf(fmt, (Object[]) r);
    }
  }
}
