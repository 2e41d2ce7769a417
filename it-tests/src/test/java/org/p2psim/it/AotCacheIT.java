package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On JDK 24 and later the exec adapter makes an ahead-of-time cache for its children. The build
 * runs on JDK 17, so this test runs a parent JVM on a JDK 24+ found on the machine ({@code
 * P2PSIM_JDK24_HOME}, or under {@code /usr/lib/jvm}), and is skipped where there is none.
 */
class AotCacheIT {
  @TempDir Path dir;

  @Test
  void onJdk24AndLaterChildrenMapTheAdaptersAotCache() throws Exception {
    Optional<Path> java = newJava();
    Assumptions.assumeTrue(java.isPresent(), "no JDK 24+ on this machine");
    Process parent =
        new ProcessBuilder(
                java.get().toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AotParent.class.getName(),
                dir.toString(),
                ExecAdapterIT.p2psimJar().toAbsolutePath().toString())
            .redirectErrorStream(true)
            .start();
    try {
      byte[] out = parent.getInputStream().readAllBytes();
      assertTrue(parent.waitFor(180, TimeUnit.SECONDS), "the parent did not finish");
      String text = new String(out, StandardCharsets.UTF_8);
      assertEquals(0, parent.exitValue(), text);
      assertTrue(text.contains("started first "), text);
      assertTrue(text.contains("started second "), text);
      assertTrue(text.matches("(?s).*cache node-[0-9a-f]+\\.aot true.*"), text);
    } finally {
      parent.destroyForcibly();
    }
  }

  private static Optional<Path> newJava() throws IOException {
    String home = System.getenv("P2PSIM_JDK24_HOME");
    if (home != null) {
      return Optional.of(Path.of(home, "bin", "java"));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> homes = Files.list(jvms)) {
      return homes
          .filter(h -> feature(h) >= 24)
          .map(h -> h.resolve("bin").resolve("java"))
          .filter(Files::isExecutable)
          .findFirst();
    }
  }

  /** The feature release a JDK's {@code release} file names, or 0. */
  private static int feature(Path home) {
    try {
      List<String> lines = Files.readAllLines(home.resolve("release"));
      for (String l : lines) {
        if (l.startsWith("JAVA_VERSION=")) {
          String v = l.substring(l.indexOf('"') + 1);
          return Integer.parseInt(v.split("[.\"]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a JDK we can read
    }
    return 0;
  }
}
