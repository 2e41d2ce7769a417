package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the parent JVM dies, even by SIGKILL, its exec nodes and its spare end within 2 seconds. */
class NoOrphansIT {
  @TempDir Path dir;

  /**
   * Whether the process still runs. A child whose parent died is reparented, and its new parent may
   * reap it late: a zombie has ended (it holds no memory, socket or thread), but the JDK's {@code
   * isAlive} still says true for it, so read its state from {@code /proc}.
   */
  private static boolean running(long pid) throws java.io.IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!java.nio.file.Files.exists(stat)) {
      return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
    try {
      String s = java.nio.file.Files.readString(stat);
      // pid (comm) state ...: the state follows the last ')'.
      return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  @Test
  void childrenEndWithinTwoSecondsOfTheParentsSigkill() throws Exception {
    Process parent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Its adapter's cache (archives, unsigned JAR copies) in the test's directory.
                "-Dp2psim.cds.cache=" + dir.resolve("cds-cache"),
                "-cp",
                System.getProperty("java.class.path"),
                OrphanParent.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    List<Long> children = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("ready")) {
        if (line.startsWith("child ")) {
          children.add(Long.parseLong(line.substring(6)));
        }
      }
      assertEquals(3, children.size(), "the parent did not start its two nodes and a spare");
      for (long pid : children) {
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      }
      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
      assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
      long killedAt = System.nanoTime();
      for (long pid : children) {
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        while (running(pid)) {
          long waited = (System.nanoTime() - killedAt) / 1_000_000;
          if (waited > 2000) {
            child.ifPresent(ProcessHandle::destroyForcibly); // clean up before failing
            throw new AssertionError("child " + pid + " outlived its parent by " + waited + " ms");
          }
          Thread.sleep(20);
        }
      }
      System.out.printf(
          "NoOrphansIT: all three children gone %d ms after the parent's SIGKILL%n",
          (System.nanoTime() - killedAt) / 1_000_000);
    } finally {
      parent.destroyForcibly();
      for (long pid : children) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
