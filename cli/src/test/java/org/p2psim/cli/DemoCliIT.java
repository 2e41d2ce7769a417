package org.p2psim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code p2psim demo}, as a user runs it: nodes start, connect, count, and all of them stop. */
class DemoCliIT {
  @TempDir Path dir;

  @Test
  void theDemoRunsAndLeavesNoProcessBehind() throws Exception {
    Process demo =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "demo",
                "--nodes",
                "3",
                "--topology",
                "full",
                "--duration",
                "3s",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .start();
    List<Long> childPids;
    String out;
    try {
      assertTrue(demo.waitFor(180, TimeUnit.SECONDS), "demo did not finish");
      childPids = demo.descendants().map(ProcessHandle::pid).toList();
      out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      demo.destroyForcibly();
    }
    assertEquals(0, demo.exitValue(), out);
    assertTrue(out.contains("all 3 up in"), out);
    assertTrue(out.contains("3 links up"), out);
    assertTrue(out.contains("  nodes            3 (pingpong, exec adapter)"), out);
    assertTrue(out.contains("  links            3 (full)"), out);
    java.util.regex.Matcher messages =
        java.util.regex.Pattern.compile("  messages +(\\d+) \\(pings and pongs\\)").matcher(out);
    assertTrue(messages.find(), out);
    assertTrue(Long.parseLong(messages.group(1)) > 0, out);
    assertTrue(out.contains("Done; no node process is left."), out);
    assertTrue(childPids.isEmpty(), "processes left: " + childPids);
    try (var nodeDirs = Files.list(dir)) {
      // Each node kept its log in its own directory.
      assertEquals(3, nodeDirs.filter(p -> Files.exists(p.resolve("node.log"))).count());
    }
  }
}
