package org.p2psim.testkit;

import java.nio.file.Path;
import java.util.Arrays;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.spi.Protocol;
import org.p2psim.api.spi.RpcApi;
import org.p2psim.api.spi.Service;
import org.p2psim.api.spi.ServiceFactory;
import org.p2psim.api.spi.Snapshottable;

/** One service instance as a node would run it: created from a factory, started, stopped. */
public final class FakeNode {
  private final NodeConfig config;
  private final FakeScheduler scheduler;
  private final Service service;
  private final Path dataDir;
  private boolean up;

  private FakeNode(NodeConfig config, FakeScheduler scheduler, Service service, Path dataDir) {
    this.config = config;
    this.scheduler = scheduler;
    this.service = service;
    this.dataDir = dataDir;
  }

  /** The id of test node {@code n}: 32 bytes of {@code n}, so {@code 0303…03} for node 3. */
  public static NodeId id(int n) {
    byte[] b = new byte[NodeId.LENGTH];
    Arrays.fill(b, (byte) n);
    return NodeId.of(b);
  }

  /** The config of test node {@code n}, running {@code service}, with these properties. */
  public static NodeConfig config(int n, String service, String... properties) {
    NodeConfig.Builder b =
        NodeConfig.builder().id(id(n)).name(String.format("node%02d", n)).services(service);
    for (String p : properties) {
      b.property(p);
    }
    return b.build();
  }

  /** Creates the service from {@code factory} and starts it, as a node does. */
  public static FakeNode start(
      FakeLoop loop, ServiceFactory factory, NodeConfig config, byte[] snapshot, Path baseDir) {
    FakeScheduler scheduler = loop.scheduler();
    Path dataDir = baseDir.resolve(config.id().shortHex()).resolve(factory.name());
    Service service = factory.create(new FakeContext(config, snapshot, scheduler, dataDir));
    FakeNode node = new FakeNode(config, scheduler, service, dataDir);
    service.start();
    node.up = true;
    return node;
  }

  public NodeId id() {
    return config.id();
  }

  public NodeConfig config() {
    return config;
  }

  public FakeScheduler scheduler() {
    return scheduler;
  }

  public Service service() {
    return service;
  }

  /** The service's data directory ({@code <baseDir>/<short id>/<service>}); made on first use. */
  public Path dataDir() {
    return dataDir;
  }

  public boolean up() {
    return up;
  }

  /** The service's protocol called {@code name}. */
  public Protocol protocol(String name) {
    return service.protocols().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no protocol " + name));
  }

  /** The service's RPC API object of this type. */
  public <T> T api(Class<T> type) {
    return service.apis().stream()
        .map(RpcApi::implementation)
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no API of " + type));
  }

  /** The service's snapshot bytes. */
  public byte[] snapshot() {
    return ((Snapshottable) service).snapshot();
  }

  /** Stops the service and cancels its timers, as a node does; the network drops its links. */
  void stopService() {
    if (up) {
      up = false;
      service.stop();
      scheduler.cancelAll();
    }
  }

  @Override
  public String toString() {
    return config.name();
  }
}
