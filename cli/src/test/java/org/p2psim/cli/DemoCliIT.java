package org.p2psim.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.testkit.Await;

/** {@code p2psim demo}, as a user runs it: nodes start, connect, count, and all of them stop. */
class DemoCliIT {
  @TempDir Path dir;

  @Test
  void theDemoRunsAndLeavesNoProcessBehind() throws Exception {
    Process demo = startDemo("--nodes", "3", "--topology", "full", "--duration", "3s");
    // Its descendants, recorded while it runs: once it has exited, a child it left behind has
    // been re-parented and is no longer its descendant.
    Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    Set<Long> nodeHosts = ConcurrentHashMap.newKeySet();
    Thread watcher =
        new Thread(
            () -> {
              while (demo.isAlive()) {
                demo.descendants()
                    .forEach(
                        p -> {
                          seen.add(p);
                          if (isNodeHost(p)) {
                            nodeHosts.add(p.pid());
                          }
                        });
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "demo-descendants");
    watcher.setDaemon(true);
    watcher.start();
    String out;
    try {
      out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(demo.waitFor(180, TimeUnit.SECONDS), "demo did not finish");
      watcher.join(10_000);
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
    assertEquals(3, nodeHosts.size(), "node hosts seen: " + nodeHosts);
    List<Long> left = seen.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList();
    assertTrue(left.isEmpty(), "processes left: " + left);
    try (var nodeDirs = Files.list(dir)) {
      // Each node kept its log in its own directory.
      assertEquals(3, nodeDirs.filter(p -> Files.exists(p.resolve("node.log"))).count());
    }
  }

  @Test
  void ctrlCStopsEveryNodeAndSaysSo() throws Exception {
    Process demo = startDemo("--nodes", "2", "--duration", "120s");
    StringBuffer out = new StringBuffer();
    Thread reader = readInBackground(demo, out);
    List<ProcessHandle> children;
    try {
      awaitOutput(out, "live (", "the live table");
      children = demo.descendants().toList();
      assertEquals(2, children.stream().filter(c -> isNodeHost(c)).count(), out.toString());
      // what Ctrl-C sends
      new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
      assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo still running after SIGINT");
      reader.join(10_000);
    } finally {
      demo.destroyForcibly();
    }
    String text = out.toString();
    assertEquals(130, demo.exitValue(), text);
    assertTrue(text.contains("Stopping 2 nodes…"), text);
    assertTrue(text.contains("Done; no node process is left."), text);
    assertFalse(text.contains("Shutdown in progress"), text);
    for (ProcessHandle c : children) {
      assertFalse(c.isAlive(), "left running: " + c.pid());
    }
  }

  @Test
  void twoHundredInProcessNodesRunFromTheFatJarWithALiveSummary() throws Exception {
    Process demo =
        startJar(
            "--adapter", "inproc", "--nodes", "200", "--duration", "3s", "--link", "latency=50ms");
    Set<ProcessHandle> children = ConcurrentHashMap.newKeySet();
    String out;
    try {
      out = new String(demo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      children.addAll(demo.descendants().toList());
      assertTrue(demo.waitFor(120, TimeUnit.SECONDS), "demo did not finish");
    } finally {
      demo.destroyForcibly();
    }
    assertEquals(0, demo.exitValue(), out);
    assertTrue(out.contains("200 pingpong nodes in a ring, on the inproc adapter"), out);
    assertTrue(out.contains("all 200 up in"), out);
    assertTrue(out.contains("200 links up in"), out);
    // The one-screen summary instead of 200 rows.
    assertTrue(out.contains("live (0 s left)"), out);
    assertTrue(out.contains("  nodes up         200 of 200"), out);
    assertTrue(out.contains("  conns up         200 of 200"), out);
    assertTrue(out.contains("  peers per node   min 2, median 2, max 2"), out);
    assertTrue(out.contains("estimated from 64 sampled nodes)"), out);
    assertFalse(out.contains("node00001"), "a row per node: " + out);
    assertTrue(out.contains("  nodes            200 (pingpong, inproc adapter)"), out);
    assertTrue(out.contains("  links            200 (ring)"), out);
    assertTrue(out.contains("Every link has {\"latency\":\"50ms\"} each way."), out);
    java.util.regex.Matcher trips =
        java.util.regex.Pattern.compile("round trips +([0-9.]+) ms median").matcher(out);
    assertTrue(trips.find(), out);
    double median = Double.parseDouble(trips.group(1));
    assertTrue(median >= 99 && median < 200, "50 ms each way, yet a round trip of " + median);
    java.util.regex.Matcher messages =
        java.util.regex.Pattern.compile("  messages +(\\d+) \\(pings and pongs\\)").matcher(out);
    assertTrue(messages.find(), out);
    assertTrue(Long.parseLong(messages.group(1)) > 0, out);
    assertTrue(out.contains("KiB per node (all nodes in this JVM)"), out);
    assertTrue(out.contains("Stopping 200 nodes…"), out);
    assertTrue(out.contains("Done; every node is stopped."), out);
    // In process: no child was started, and the JVM that held the nodes has ended.
    assertTrue(children.isEmpty(), "children: " + children);
    assertFalse(demo.toHandle().isAlive());
  }

  @Test
  void ctrlCStopsInProcessNodesToo() throws Exception {
    Process demo = startJar("--adapter", "inproc", "--nodes", "50", "--duration", "120s");
    StringBuffer out = new StringBuffer();
    Thread reader = readInBackground(demo, out);
    try {
      // Off a terminal the live summary is drawn every 10 s: wait for the links instead.
      awaitOutput(out, "50 links up in", "the links");
      new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor();
      assertTrue(demo.waitFor(60, TimeUnit.SECONDS), "demo still running after SIGINT");
      reader.join(10_000);
    } finally {
      demo.destroyForcibly();
    }
    String text = out.toString();
    assertEquals(130, demo.exitValue(), text);
    assertTrue(text.contains("Stopping 50 nodes…"), text);
    assertTrue(text.contains("Done; every node is stopped."), text);
    assertFalse(text.contains("Shutdown in progress"), text);
  }

  /** Copies the demo's output into {@code out} as it comes, on a thread of its own. */
  private static Thread readInBackground(Process demo, StringBuffer out) {
    Thread reader =
        new Thread(
            () -> {
              try (var in = demo.getInputStream()) {
                byte[] buf = new byte[4096];
                for (int n; (n = in.read(buf)) > 0; ) {
                  out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
              } catch (java.io.IOException e) {
                // the demo has gone
              }
            });
    reader.start();
    return reader;
  }

  /** Waits (2 minutes at most) until the demo has printed {@code text}. */
  private static void awaitOutput(StringBuffer out, String text, String what) {
    Await.until(
        "the demo shows " + what,
        Duration.ofSeconds(120),
        () -> out.toString().contains(text),
        () -> "its output so far: " + out);
  }

  /** {@code java -jar p2psim.jar demo} with these options, as a user runs it from the build. */
  private Process startJar(String... options) throws java.io.IOException {
    // Failsafe runs after package, from the module's directory.
    Path jar = Path.of(System.getProperty("p2psim.jar", "target/p2psim.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no fat JAR at " + jar + ": run mvn package first");
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The demo's cache (archives, unsigned JAR copies) in the test's directory.
                "-Dp2psim.cds.cache=" + dir.resolve("cds-cache"),
                "-jar",
                jar.toString(),
                "demo"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("--dir", dir.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /** {@code p2psim demo} with these options, in its own JVM, its nodes under the test's dir. */
  private Process startDemo(String... options) throws java.io.IOException {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dp2psim.cds.cache=" + dir.resolve("cds-cache"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "demo"));
    cmd.addAll(List.of(options));
    cmd.addAll(List.of("--dir", dir.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).start();
  }

  /**
   * Whether a process runs the node host. Read from /proc: the JDK gives no command line for one
   * longer than a page, which this test's classpath makes.
   */
  private static boolean isNodeHost(ProcessHandle p) {
    try {
      return Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"), StandardCharsets.ISO_8859_1)
          .contains("org.p2psim.nodehost.NodeHost");
    } catch (java.io.IOException e) {
      return false; // gone
    }
  }
}
