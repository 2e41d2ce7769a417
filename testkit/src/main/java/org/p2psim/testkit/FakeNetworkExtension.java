package org.p2psim.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test a fresh {@link FakeLoop} and a {@link FakeNetwork} on it, as parameters of the
 * test method (or of {@code @BeforeEach} methods, which get the same ones), and cleans up after the
 * test: every node the network started is stopped, as a node stops, so a service whose {@code
 * stop()} throws fails the test; then the nodes' data directories are deleted.
 *
 * <pre>{@code
 * @ExtendWith(FakeNetworkExtension.class)
 * class EchoTest {
 *   @Test
 *   void echoes(FakeNetwork net) {
 *     FakeNode a = net.start(new EchoFactory(), FakeNode.config(1, "echo"));
 *     ...
 *   }
 * }
 * }</pre>
 */
public final class FakeNetworkExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(FakeNetworkExtension.class);
  private static final String NETWORK = "network";
  private static final String DIR = "dir";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == FakeNetwork.class || type == FakeLoop.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    FakeNetwork network = network(context);
    return parameter.getParameter().getType() == FakeLoop.class ? network.loop() : network;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    FakeNetwork network = store.remove(NETWORK, FakeNetwork.class);
    Path dir = store.remove(DIR, Path.class);
    try {
      if (network != null) {
        network.stopAll();
        network.loop().runPending();
      }
    } finally {
      if (dir != null) {
        delete(dir);
      }
    }
  }

  private static FakeNetwork network(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    FakeNetwork network = store.get(NETWORK, FakeNetwork.class);
    if (network == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("p2psim-testkit-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot make a data directory for the fake network", e);
      }
      network = new FakeNetwork(new FakeLoop(), dir);
      store.put(DIR, dir);
      store.put(NETWORK, network);
    }
    return network;
  }

  private static void delete(Path dir) {
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the fake network's directory " + dir, e);
    }
  }
}
