package org.p2psim.nodehost;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.p2psim.api.spi.ServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service factories on a classpath, by name, found with {@link ServiceLoader}. Two factories
 * with one name are an error that names both classes; asking for an unknown name is an error that
 * lists the known ones.
 */
public final class ServiceRegistry {
  private static final Logger log = LoggerFactory.getLogger(ServiceRegistry.class);

  private final Map<String, ServiceFactory> factories;

  private ServiceRegistry(Map<String, ServiceFactory> factories) {
    this.factories = factories;
  }

  /** Loads the factories visible to the context class loader (or this class's loader). */
  public static ServiceRegistry load() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return load(loader != null ? loader : ServiceRegistry.class.getClassLoader());
  }

  /**
   * Loads the factories visible to {@code loader}.
   *
   * @throws IllegalStateException when two factories share a name, or one cannot be loaded
   */
  public static ServiceRegistry load(ClassLoader loader) {
    List<ServiceFactory> found = new ArrayList<>();
    try {
      ServiceLoader.load(ServiceFactory.class, loader).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("cannot load a service factory: " + e.getMessage(), e);
    }
    ServiceRegistry registry = of(found);
    log.debug("service factories found: {}", registry.names());
    return registry;
  }

  /**
   * Makes a registry of these factories.
   *
   * @throws IllegalStateException when two factories share a name
   */
  public static ServiceRegistry of(List<ServiceFactory> list) {
    Map<String, ServiceFactory> byName = new TreeMap<>();
    for (ServiceFactory f : list) {
      String name = requireNonNull(f.name(), () -> f.getClass().getName() + ".name() is null");
      ServiceFactory other = byName.putIfAbsent(name, f);
      if (other != null) {
        throw new IllegalStateException(
            "two service factories are named \""
                + name
                + "\": "
                + other.getClass().getName()
                + " and "
                + f.getClass().getName()
                + "; remove one JAR from the classpath or rename one service");
      }
    }
    return new ServiceRegistry(byName);
  }

  /** The known service names, sorted. */
  public List<String> names() {
    return List.copyOf(factories.keySet());
  }

  /** Whether a factory has this name. */
  public boolean has(String name) {
    return factories.containsKey(name);
  }

  /**
   * The factory with this name.
   *
   * @throws IllegalArgumentException listing the known names when there is none
   */
  public ServiceFactory factory(String name) {
    ServiceFactory f = factories.get(name);
    if (f == null) {
      throw new IllegalArgumentException(unknown(name));
    }
    return f;
  }

  /**
   * Checks that a node may ask for these services: at least one, each known, none twice.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public void check(List<String> services) {
    if (services.isEmpty()) {
      throw new IllegalArgumentException("node has no services: name at least one of " + names());
    }
    List<String> seen = new ArrayList<>();
    for (String s : services) {
      if (!has(s)) {
        throw new IllegalArgumentException(unknown(s));
      }
      if (seen.contains(s)) {
        throw new IllegalArgumentException("service " + s + " is named twice");
      }
      seen.add(s);
    }
  }

  private String unknown(String name) {
    return "unknown service \""
        + name
        + "\": known services are "
        + names()
        + " (is the JAR that provides it on the classpath, with its"
        + " META-INF/services/org.p2psim.api.spi.ServiceFactory?)";
  }
}
