package org.p2psim.network.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.p2psim.api.NodeAdapter;
import org.p2psim.network.Mockers;
import org.p2psim.network.Network;
import org.p2psim.network.NetworkConfig;
import org.p2psim.network.Simulation;

class SimulationModuleTest {
  private final NodeAdapter adapter = mock(NodeAdapter.class);

  @Test
  void assemblesTheNetworkOnTheBoundAdapterWithTheMockersByName() {
    Injector injector =
        Guice.createInjector(
            new SimulationModule(NetworkConfig.DEFAULT.withId("t"), 42),
            binder -> binder.bind(NodeAdapter.class).toInstance(adapter),
            binder ->
                SimulationModule.mockers(binder)
                    .addBinding()
                    .toInstance(Mockers.named("mine", ctx -> {})));
    Network net = injector.getInstance(Network.class);
    try {
      assertSame(adapter, net.adapter());
      assertEquals("t", net.config().id());
      assertSame(net, injector.getInstance(Network.class));
      assertSame(net, injector.getInstance(Simulation.class).network());
      assertEquals(
          List.of("boot", "mine", "probabilistic", "startStop"),
          injector.getInstance(Mockers.class).names());
      assertEquals(new Random(42).nextLong(), injector.getInstance(Random.class).nextLong());
    } finally {
      net.close();
    }
  }

  @Test
  void withoutAnAdapterTheInjectorSaysWhatIsMissing() {
    CreationException e =
        assertThrows(
            CreationException.class,
            () -> Guice.createInjector(new SimulationModule(NetworkConfig.DEFAULT, 1)));
    assertTrue(
        e.getMessage().contains("No implementation for NodeAdapter was bound"), e.getMessage());
  }

  @Test
  void aSecondMockerOfOneNameIsRefused() {
    Injector injector =
        Guice.createInjector(
            new SimulationModule(NetworkConfig.DEFAULT, 1),
            binder -> binder.bind(NodeAdapter.class).toInstance(adapter),
            binder ->
                SimulationModule.mockers(binder)
                    .addBinding()
                    .toInstance(Mockers.named("boot", ctx -> {})));
    Exception e = assertThrows(Exception.class, () -> injector.getInstance(Mockers.class));
    assertTrue(e.getMessage().contains("two mockers named \"boot\""), e.getMessage());
  }
}
