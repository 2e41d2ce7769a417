package org.p2psim.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.p2psim.api.NodeConfig;
import org.p2psim.api.NodeId;
import org.p2psim.api.spi.NodeScheduler;
import org.p2psim.api.spi.RpcDialer;
import org.p2psim.api.spi.ServiceContext;

/**
 * A {@link ServiceContext} made by hand: a config, an optional snapshot, a {@link FakeScheduler}
 * and a data directory (created on first use, as the node does). No other node's RPC is reachable.
 */
public final class FakeContext implements ServiceContext {
  private final NodeConfig config;
  private final byte[] snapshot;
  private final FakeScheduler scheduler;
  private final Path dataDir;

  /**
   * @param config the node's config; its {@code id} must be set
   * @param snapshot the service's snapshot bytes, or null
   * @param scheduler the node's scheduler
   * @param dataDir the service's data directory (need not exist yet)
   */
  public FakeContext(NodeConfig config, byte[] snapshot, FakeScheduler scheduler, Path dataDir) {
    if (config.id() == null) {
      throw new IllegalArgumentException("the config needs an id");
    }
    this.config = config;
    this.snapshot = snapshot == null ? null : snapshot.clone();
    this.scheduler = scheduler;
    this.dataDir = dataDir;
  }

  @Override
  public NodeConfig config() {
    return config;
  }

  @Override
  public NodeId nodeId() {
    return config.id();
  }

  @Override
  public Optional<byte[]> snapshot() {
    return Optional.ofNullable(snapshot).map(byte[]::clone);
  }

  @Override
  public RpcDialer rpcDialer() {
    return id -> {
      throw new IllegalArgumentException("node " + id + " does not exist (fake context)");
    };
  }

  @Override
  public NodeScheduler scheduler() {
    return scheduler;
  }

  @Override
  public Path dataDir() {
    try {
      return Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
