package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.p2psim.it.ExecAdapterIT.join;
import static org.p2psim.it.ExecAdapterIT.p2psimJar;
import static org.p2psim.it.ExecAdapterIT.pingpong;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/** The class-data-sharing archive: made once, in a cache that adapters share, and then mapped. */
class ExecClassDataSharingIT {
  @TempDir Path dir;

  /** Options with which a child that cannot map its archive fails to start. */
  private static List<String> strict() {
    List<String> strict = new ArrayList<>(ExecAdapter.Builder.DEFAULT_JVM_OPTIONS);
    strict.add("-Xshare:on");
    return strict;
  }

  private static boolean mapped(ExecNode n, Path archive) throws Exception {
    String maps = Files.readString(Path.of("/proc/" + n.pid().orElseThrow() + "/maps"));
    return maps.contains(archive.toString());
  }

  @Test
  void theArchiveIsMadeOnceInTheSharedCacheAndReusedByAnotherAdapter() throws Exception {
    Path cache = dir.resolve("cache");
    Path archive;
    long made;
    try (ExecAdapter first =
        ExecAdapter.builder(dir.resolve("first"))
            .classpath(p2psimJar())
            .jvmOptions(strict())
            .classDataSharingCache(cache)
            .build()) {
      archive = first.cdsArchive();
      assertEquals(cache, archive.getParent());
      ExecNode a = first.newNode(pingpong("a"));
      join(a.start(Map.of()));
      assertTrue(Files.isRegularFile(archive), archive.toString());
      made = Files.getLastModifiedTime(archive).toMillis();
      ExecNode b = first.newNode(pingpong("b"));
      join(b.start(Map.of()));
      assertTrue(mapped(b, archive), "the archive is not mapped");
      String log = Files.readString(b.dir().resolve("node.log"));
      assertTrue(log.contains("up:"), log);
      int feature = Runtime.version().feature();
      if (feature <= 18) {
        // One static archive holds the JDK's classes too: the JDK's own is not mapped beside it.
        String maps = Files.readString(Path.of("/proc/" + b.pid().orElseThrow() + "/maps"));
        assertFalse(maps.contains("classes.jsa"), "the JDK's archive is mapped too");
      }
    }
    // Another adapter, another base directory (a test suite's next temp dir): the same archive.
    try (ExecAdapter second =
        ExecAdapter.builder(dir.resolve("second"))
            .classpath(p2psimJar())
            .jvmOptions(strict())
            .classDataSharingCache(cache)
            .spares(0)
            .build()) {
      assertEquals(archive, second.cdsArchive());
      ExecNode c = second.newNode(pingpong("c"));
      join(c.start(Map.of()));
      assertTrue(mapped(c, archive), "the archive is not mapped");
      assertEquals(made, Files.getLastModifiedTime(archive).toMillis(), "the archive was remade");
    }
    try (var left = Files.list(cache)) {
      assertEquals(List.of(archive), left.toList(), "temp files left in the cache");
    }
  }

  @Test
  void theCacheDirectoryComesFromASystemPropertyByDefault() {
    // The build points it under target/ (see the POMs), so that tests leave the user's alone.
    String property = System.getProperty("p2psim.cds.cache");
    assertTrue(property != null, "p2psim.cds.cache is not set for the tests");
    try (ExecAdapter adapter = ExecAdapter.builder(dir).classpath(p2psimJar()).spares(0).build()) {
      assertEquals(Path.of(property).toAbsolutePath(), adapter.cdsArchive().getParent());
    }
  }

  /** A JAR of {@link FailingService}, so that the children's classpath is JARs only. */
  private Path failingServiceJar() throws Exception {
    Path jar = dir.resolve("failing-service.jar");
    String cls = FailingService.class.getName().replace('.', '/');
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      Path classes =
          Path.of(FailingService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      try (var files = Files.list(classes.resolve(cls).getParent())) {
        for (Path f :
            files.filter(f -> f.getFileName().toString().startsWith("FailingService")).toList()) {
          out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
          Files.copy(f, out);
          out.closeEntry();
        }
      }
      out.putNextEntry(new JarEntry("META-INF/services/org.p2psim.api.spi.ServiceFactory"));
      ((OutputStream) out)
          .write((FailingService.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aFirstNodeWhoseServiceFailsDoesNotTurnSharingOffForLaterNodes() throws Exception {
    try (ExecAdapter adapter =
        ExecAdapter.builder(dir.resolve("base"))
            .classpath(p2psimJar(), failingServiceJar())
            .classDataSharingCache(dir.resolve("cache"))
            .spares(0)
            .build()) {
      ExecNode bad = adapter.newNode(NodeConfig.builder().name("bad").services("failing").build());
      assertThrows(CompletionException.class, () -> join(bad.start(Map.of())));
      ExecNode good = adapter.newNode(pingpong("good"));
      join(good.start(Map.of()));
      assertTrue(Files.isRegularFile(adapter.cdsArchive()), "no archive was made");
      assertTrue(mapped(good, adapter.cdsArchive()), "the archive is not mapped");
    }
  }

  @Test
  void withClassDirectoriesOnTheClasspathNoArchiveIsTrained() throws Exception {
    Path cache = dir.resolve("cache");
    // The test classpath has target/classes directories, which the JVM cannot archive.
    try (ExecAdapter adapter =
        ExecAdapter.builder(dir.resolve("base")).classDataSharingCache(cache).build()) {
      ExecNode n = adapter.newNode(pingpong("dirs"));
      join(n.start(Map.of()));
      assertTrue(n.isUp());
    }
    // The cache holds the unsigned copy of BouncyCastle the children loaded, and no archive.
    try (var files = Files.list(cache)) {
      assertEquals(List.of("unsigned"), files.map(f -> f.getFileName().toString()).toList());
    }
    assertFalse(Files.exists(dir.resolve("base/.cds")), "a training run was made");
  }
}
