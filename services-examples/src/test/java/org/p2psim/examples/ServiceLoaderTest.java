package org.p2psim.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceFactory;
import org.p2psim.api.spi.Snapshottable;
import org.p2psim.examples.gossip.GossipApi;
import org.p2psim.examples.gossip.GossipFactory;
import org.p2psim.examples.pingpong.PingPongApi;
import org.p2psim.examples.pingpong.PingPongFactory;
import org.p2psim.testkit.FakeContext;
import org.p2psim.testkit.FakeLoop;
import org.p2psim.testkit.FakeNode;

class ServiceLoaderTest {
  @TempDir Path dir;

  private static List<ServiceFactory> factories() {
    return ServiceLoader.load(ServiceFactory.class).stream()
        .map(ServiceLoader.Provider::get)
        .toList();
  }

  @Test
  void findsBothFactoriesUnderUniqueNames() {
    Map<String, Class<?>> byName =
        factories().stream().collect(Collectors.toMap(ServiceFactory::name, Object::getClass));
    assertEquals(Map.of("pingpong", PingPongFactory.class, "gossip", GossipFactory.class), byName);
  }

  @Test
  void eachFactoryMakesASnapshottableServiceWithOneProtocolAndOneApi() {
    FakeLoop loop = new FakeLoop();
    Set<String> capabilities = new HashSet<>();
    for (ServiceFactory f : factories()) {
      Service s =
          f.create(
              new FakeContext(
                  FakeNode.config(1, f.name()), null, loop.scheduler(), dir.resolve(f.name())));
      assertInstanceOf(Snapshottable.class, s);
      assertEquals(1, s.protocols().size());
      assertEquals(f.name(), s.protocols().get(0).name());
      capabilities.add(s.protocols().get(0).capability().toString());
      assertEquals(1, s.apis().size());
      assertEquals(f.name(), s.apis().get(0).namespace());
      Object api = s.apis().get(0).implementation();
      assertEquals(
          f.name().equals("pingpong") ? PingPongApi.class : GossipApi.class, api.getClass());
    }
    assertEquals(Set.of("pingpong/1", "gossip/1"), capabilities);
    assertFalse(factories().isEmpty());
  }

  /** The RPC server serves every public method of the API object: these and no more. */
  @Test
  void theApiObjectsArePublicAndServeExactlyTheirRpcMethods() {
    assertEquals(Set.of("counts", "roundTrips"), publicMethods(PingPongApi.class));
    assertEquals(
        Set.of("publish", "seen", "seenCount", "stats", "messages"),
        publicMethods(GossipApi.class));
  }

  private static Set<String> publicMethods(Class<?> type) {
    assertTrue(Modifier.isPublic(type.getModifiers()), type + " must be public");
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> Modifier.isPublic(m.getModifiers()))
        .map(Method::getName)
        .collect(Collectors.toSet());
  }
}
