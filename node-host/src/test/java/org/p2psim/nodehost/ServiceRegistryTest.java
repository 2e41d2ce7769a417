package org.p2psim.nodehost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceContext;
import org.p2psim.api.spi.ServiceFactory;

class ServiceRegistryTest {
  static final class First implements ServiceFactory {
    @Override
    public String name() {
      return "twin";
    }

    @Override
    public Service create(ServiceContext context) {
      return new Service() {};
    }
  }

  static final class Second implements ServiceFactory {
    @Override
    public String name() {
      return "twin";
    }

    @Override
    public Service create(ServiceContext context) {
      return new Service() {};
    }
  }

  @Test
  void findsTheExampleServicesOnTheClasspath() {
    assertEquals(List.of("gossip", "pingpong"), ServiceRegistry.load().names());
  }

  @Test
  void twoFactoriesWithOneNameAreAnErrorNamingBothClasses() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> ServiceRegistry.of(List.of(new First(), new Second())));
    assertEquals(
        "two service factories are named \"twin\": "
            + First.class.getName()
            + " and "
            + Second.class.getName()
            + "; remove one JAR from the classpath or rename one service",
        e.getMessage());
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    ServiceRegistry registry = ServiceRegistry.load();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> registry.factory("nope"));
    assertEquals(
        "unknown service \"nope\": known services are [gossip, pingpong] (is the JAR that provides"
            + " it on the classpath, with its META-INF/services/org.p2psim.api.spi.ServiceFactory?)",
        e.getMessage());
  }

  @Test
  void aNodeNeedsAtLeastOneServiceEachNamedOnce() {
    ServiceRegistry registry = ServiceRegistry.load();
    assertEquals(
        "node has no services: name at least one of [gossip, pingpong]",
        assertThrows(IllegalArgumentException.class, () -> registry.check(List.of())).getMessage());
    assertEquals(
        "service pingpong is named twice",
        assertThrows(
                IllegalArgumentException.class,
                () -> registry.check(List.of("pingpong", "pingpong")))
            .getMessage());
  }
}
