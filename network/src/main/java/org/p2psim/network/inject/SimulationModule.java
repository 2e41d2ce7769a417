package org.p2psim.network.inject;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Binder;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import java.time.Clock;
import java.util.Comparator;
import java.util.Random;
import java.util.Set;
import org.p2psim.api.NodeAdapter;
import org.p2psim.network.Mocker;
import org.p2psim.network.Mockers;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.network.Simulation;

/**
 * Assembles the simulation side: the {@link Network} on whatever {@link NodeAdapter} another module
 * binds, its {@link NetworkConfig}, a {@link Clock}, a seeded {@link Random}, the {@link Mockers}
 * by name and a {@link Simulation}. Nodes themselves are not made with Guice: a node wired by hand
 * starts faster (measured: Guice cost a child ~550 classes and ~55 ms).
 *
 * <pre>{@code
 * Injector injector = Guice.createInjector(
 *     new SimulationModule(NetworkConfig.DEFAULT.withDefaultService("pingpong"), 42),
 *     binder -> binder.bind(NodeAdapter.class).toInstance(adapter),
 *     binder -> SimulationModule.mockers(binder).addBinding().toInstance(myMocker));
 * Network net = injector.getInstance(Network.class);
 * }</pre>
 *
 * <p>This module only wires: the network's threads start when it is first asked for, and the caller
 * shuts it down ({@link Network#close()}).
 */
public final class SimulationModule extends AbstractModule {
  private final NetworkConfig config;
  private final long seed;

  /**
   * @param config the network's settings
   * @param seed the seed of the shared {@link Random}, so that a run can be repeated
   */
  public SimulationModule(NetworkConfig config, long seed) {
    this.config = requireNonNull(config, "config");
    this.seed = seed;
  }

  /** Where a module adds a mocker: {@code mockers(binder).addBinding().toInstance(m)}. */
  public static Multibinder<Mocker> mockers(Binder binder) {
    return Multibinder.newSetBinder(binder, Mocker.class);
  }

  @Override
  protected void configure() {
    requireBinding(NodeAdapter.class);
    Multibinder<Mocker> mockers = mockers(binder());
    Mockers.builtIns().forEach(m -> mockers.addBinding().toInstance(m));
    bind(NetworkConfig.class).toInstance(config);
  }

  @Provides
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  @Singleton
  Random random() {
    return new Random(seed);
  }

  @Provides
  @Singleton
  Network network(NodeAdapter adapter, NetworkConfig config, Clock clock) {
    return new Network(adapter, config, clock);
  }

  @Provides
  @Singleton
  Mockers mockers(Set<Mocker> all) {
    Mockers registry = new Mockers();
    all.stream().sorted(Comparator.comparing(Mocker::name)).forEach(registry::register);
    return registry;
  }

  @Provides
  Simulation simulation(Network network, Clock clock) {
    return new Simulation(network, clock);
  }
}
