package org.p2psim.api.spi;

/**
 * Makes one kind of {@link Service}. This is the {@link java.util.ServiceLoader} provider type: a
 * service JAR lists its factories in {@code META-INF/services/org.p2psim.api.spi.ServiceFactory},
 * and a node whose {@link org.p2psim.api.NodeConfig#services()} names a factory creates one service
 * from it.
 *
 * <p>Factories need a public no-argument constructor and must be stateless: one factory serves many
 * nodes, in one JVM with the in-process adapter.
 */
public interface ServiceFactory {

  /**
   * The unique name nodes ask for, e.g. {@code pingpong}. Two factories with one name on a
   * classpath are an error.
   */
  String name();

  /**
   * Creates the service for one node. Called before the node's networking starts; do not send or
   * block here, do it in {@link Service#start()}.
   */
  Service create(ServiceContext context);
}
