package org.p2psim.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.adapter.exec.ExecAdapter;
import org.p2psim.adapter.exec.ExecNode;
import org.p2psim.api.NodeConfig;

/** A service JAR built here, put on the classpath, is found by the child's ServiceLoader. */
class ServiceJarIT {
  @TempDir Path dir;

  private static final String SOURCE =
      """
      package extra;

      import java.util.List;
      import org.p2psim.api.spi.RpcApi;
      import org.p2psim.api.spi.Service;
      import org.p2psim.api.spi.ServiceContext;
      import org.p2psim.api.spi.ServiceFactory;

      public final class HelloFactory implements ServiceFactory {
        public String name() { return "hello"; }

        public Service create(ServiceContext ctx) {
          String id = ctx.nodeId().shortHex();
          return new Service() {
            public List<RpcApi> apis() { return List.of(new RpcApi("hello", new Api(id))); }
          };
        }

        public static final class Api {
          private final String id;
          Api(String id) { this.id = id; }
          public String greet(String who) { return "hello, " + who + ", from " + id; }
        }
      }
      """;

  /** Compiles {@link #SOURCE} against the api and packs it as a service JAR. */
  private Path buildJar() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src/extra"));
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(src.resolve("HelloFactory.java"), SOURCE);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status =
        javac.run(
            null,
            null,
            null,
            "-classpath",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            src.resolve("HelloFactory.java").toString());
    assertEquals(0, status, "the service did not compile");
    Path jar = dir.resolve("hello-service.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
      out.putNextEntry(new JarEntry("META-INF/services/org.p2psim.api.spi.ServiceFactory"));
      ((OutputStream) out).write("extra.HelloFactory\n".getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void aServiceJarOnTheExtraClasspathRunsInTheChild() throws Exception {
    Path jar = buildJar();
    try (ExecAdapter without = ExecAdapter.builder(dir.resolve("a")).build()) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> without.newNode(NodeConfig.builder().services("hello").build()));
      assertTrue(e.getMessage().startsWith("unknown service \"hello\""), e.getMessage());
    }
    try (ExecAdapter adapter = ExecAdapter.builder(dir.resolve("b")).extraClasspath(jar).build()) {
      ExecNode node = adapter.newNode(NodeConfig.builder().services("hello").build());
      node.start(Map.of()).toCompletableFuture().get(60, TimeUnit.SECONDS);
      String answer =
          node.client()
              .call("hello_greet", String.class, "tester")
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertEquals("hello, tester, from " + node.id().shortHex(), answer);
      @SuppressWarnings("unchecked")
      Map<String, String> modules =
          node.client()
              .call("rpc_modules", Map.class)
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      assertTrue(
          modules.keySet().containsAll(List.of("admin", "hello", "rpc", "simulation")),
          modules.toString());
    }
  }
}
