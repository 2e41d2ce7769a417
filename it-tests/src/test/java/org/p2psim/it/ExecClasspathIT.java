package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.it.ExecAdapterIT.await;
import static org.p2psim.it.ExecAdapterIT.join;
import static org.p2psim.it.ExecAdapterIT.pingpong;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/** The children's classpath as a project that depends on p2psim-adapter-exec has it. */
class ExecClasspathIT {
  @TempDir Path dir;

  /** This JVM's classpath without slf4j-simple: what p2psim-adapter-exec's users have. */
  private static Path[] withoutSlf4jSimple() {
    Path[] cp =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> !e.isEmpty() && !e.contains("slf4j-simple"))
            .map(Path::of)
            .toArray(Path[]::new);
    assertTrue(cp.length > 0);
    return cp;
  }

  @Test
  void childrenLogWithoutAnSlf4jProviderOnTheClasspath() throws Exception {
    try (ExecAdapter adapter =
        ExecAdapter.builder(dir).classpath(withoutSlf4jSimple()).spares(0).build()) {
      ExecNode bad = adapter.newNode(NodeConfig.builder().name("bad").services("failing").build());
      CompletionException e =
          assertThrows(CompletionException.class, () -> join(bad.start(Map.of())));
      String message = e.getCause().getMessage();
      assertTrue(message.contains("last lines of its stderr:"), message);
      assertTrue(message.contains("ERROR org.p2psim.nodehost.NodeHost - node failed"), message);
      assertFalse(message.contains("SLF4J"), message);
      String badLog = Files.readString(bad.dir().resolve("node.log"));
      assertTrue(badLog.contains("boom: this service fails on purpose"), badLog);

      ExecNode good = adapter.newNode(pingpong("good"));
      join(good.start(Map.of()));
      join(good.stop());
      String stderr = good.lastExit().orElseThrow().lastStderr();
      assertTrue(stderr.contains("INFO org.p2psim.nodehost.NodeHost - node "), stderr);
      assertFalse(stderr.contains("SLF4J"), stderr);
      String log = Files.readString(good.dir().resolve("node.log"));
      assertTrue(log.contains(" stopping"), log);
    }
  }

  @Test
  void childrenOfTheDefaultClasspathSayNothingAboutSlf4j() {
    try (ExecAdapter adapter = ExecAdapter.builder(dir).spares(0).build()) {
      ExecNode n = adapter.newNode(pingpong("plain"));
      join(n.start(Map.of()));
      join(n.stop());
      String stderr = n.lastExit().orElseThrow().lastStderr();
      assertFalse(stderr.contains("SLF4J"), stderr);
    }
  }

  @Test
  void aClasspathWithoutTheNodeHostIsRefusedSayingWhatToDo() throws Exception {
    Path api =
        Path.of(NodeConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ExecAdapter.builder(dir).classpath(api).build());
    assertEquals(
        "the children's classpath has no org.p2psim.nodehost.NodeHost, so no node could start:"
            + " give the children a classpath with p2psim-node-host and its dependencies (and"
            + " your services) through ExecAdapter.Builder.classpath(...), e.g. the p2psim JAR;"
            + " the classpath was: "
            + api.toAbsolutePath(),
        e.getMessage());
    await("no child to be left", () -> ProcessHandle.current().children().findAny().isEmpty());
  }

  @Test
  void underALauncherWhoseClassPathLacksTheNodeHostChildrenGetTheClassLoadersClasspath()
      throws Exception {
    Path launcher =
        Path.of(
            IsolatingLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process parent =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Its adapter's cache (archives, unsigned JAR copies) in the test's directory.
                "-Dp2psim.cds.cache=" + dir.resolve("cds-cache"),
                "-cp",
                launcher.toString(),
                IsolatingLauncher.class.getName(),
                System.getProperty("java.class.path"),
                LoaderParent.class.getName(),
                dir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      String out = new String(parent.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(parent.waitFor(120, TimeUnit.SECONDS), "the parent did not finish: " + out);
      assertEquals(0, parent.exitValue(), out);
      assertTrue(out.contains("up enode://"), out);
    } finally {
      parent.destroyForcibly();
    }
  }
}
